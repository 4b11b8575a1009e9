package io.sipsm.b2bua.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.cdr.CallRecord;
import io.sipsm.cdr.CallRecords;
import io.sipsm.cdr.EndDirection;

/**
 * Posts each finished call's record on {@link CallRecords#TOPIC} through Event Admin, which delivers it on its
 * own threads: nothing here waits for a consumer. Without Event Admin the records are counted and dropped. The
 * tenant is the one the call's figures count it under ({@link TenantLookup}), set when the call starts.
 */
final class CallRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(CallRecorder.class);

    private final String ownName;
    private final CallFigures figures;
    private volatile EventAdmin events;
    private final AtomicLong posted = new AtomicLong();
    private final AtomicLong unposted = new AtomicLong();

    CallRecorder(CallFigures figures) {
        this.figures = figures;
        Bundle bundle = FrameworkUtil.getBundle(CallRecorder.class);
        ownName = bundle == null ? "sipsm-b2bua" : bundle.getSymbolicName();
    }

    void bindEvents(EventAdmin service) {
        events = service;
    }

    void unbindEvents(EventAdmin service) {
        if (events == service) {
            events = null;
        }
    }

    /** Completes the record, counts its end reason and posts it. */
    void record(CallRecord record) {
        if (record.endDirection == EndDirection.SERVER && record.endedBy == null) {
            record.endedBy = ownName;
        }
        figures.recorded(record);
        EventAdmin admin = events;
        if (admin == null) {
            if (unposted.getAndIncrement() == 0) {
                LOG.info("No Event Admin: call records are not published until one is there");
            }
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(CallRecords.RECORD, record);
        properties.put(CallRecords.CALL_ID, record.callerCallId);
        if (record.tenant != null) {
            properties.put(CallRecords.TENANT, record.tenant);
        }
        properties.put(CallRecords.END_REASON, record.endReason.name());
        properties.put(CallRecords.END_DIRECTION, record.endDirection.name());
        properties.put(CallRecords.FINAL_STATUS, record.finalStatus);
        admin.postEvent(new Event(CallRecords.TOPIC, properties));
        posted.incrementAndGet();
        LOG.debug("{}", record);
    }

    long posted() {
        return posted.get();
    }

    long unposted() {
        return unposted.get();
    }
}
