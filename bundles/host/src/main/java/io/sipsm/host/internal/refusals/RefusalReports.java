package io.sipsm.host.internal.refusals;

import io.sipsm.host.RefusedCall;
import io.sipsm.host.RefusedCallListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the calls the host refused before any application saw them to the {@link RefusedCallListener}s, on a
 * thread of its own. The SIP threads only queue the request's strings: a refusal under overload costs the reader
 * thread one small object, never a listener's work, and a full queue drops the report and counts it. The copies
 * of one refused INVITE (its transaction) are reported once.
 *
 * <p>The reader and the valves that refuse are created by the stack by class name, so they reach the reports
 * through {@link #INSTANCE}; one host runs per framework.
 */
public final class RefusalReports {

    public static final RefusalReports INSTANCE = new RefusalReports();

    /** Reports waiting for the listeners at most: about 2 MB of strings, a few seconds of a flood. */
    static final int CAPACITY = 8_192;
    /** Transactions remembered to report a refused INVITE once: more than its copies arrive within. */
    static final int REMEMBERED = 16_384;

    private static final Logger LOG = LoggerFactory.getLogger(RefusalReports.class);

    /** What the SIP thread hands over; the URIs are read on the reporting thread. */
    private record Pending(String transactionId, String callId, String from, String requestUri, String sourceAddress,
            long at, int status, String reasonPhrase, RefusedCall.Cause cause, String refusedBy) {
    }

    private final BlockingQueue<Pending> queue;
    private final LongAdder unreported = new LongAdder();
    private final LongAdder reported = new LongAdder();
    /** Used by the reporting thread only. */
    private final Map<String, Boolean> recent = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };
    private volatile List<RefusedCallListener> listeners = List.of();
    private volatile String hostName = "sipsm-host";
    private Thread reporter;

    RefusalReports(int capacity) {
        queue = new ArrayBlockingQueue<>(capacity);
    }

    private RefusalReports() {
        this(CAPACITY);
    }

    public synchronized void add(RefusedCallListener listener) {
        List<RefusedCallListener> next = new ArrayList<>(listeners);
        next.add(listener);
        listeners = List.copyOf(next);
    }

    public synchronized void remove(RefusedCallListener listener) {
        List<RefusedCallListener> next = new ArrayList<>(listeners);
        next.remove(listener);
        listeners = List.copyOf(next);
    }

    /** Starts the reporting thread; {@code host} names the refusals for load. */
    public synchronized void start(String host) {
        hostName = host;
        if (reporter == null) {
            reporter = new Thread(this::report, "sipsm-refusal-reports");
            reporter.setDaemon(true);
            reporter.start();
        }
    }

    /** Stops the reporting thread; the reports still queued are dropped. */
    public void stop() {
        Thread stopping;
        synchronized (this) {
            stopping = reporter;
            reporter = null;
        }
        if (stopping != null) {
            stopping.interrupt();
            try {
                stopping.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        queue.clear();
    }

    /** An INVITE refused for load (overload control or a drain), answered by the host. */
    public void refusedForLoad(String transactionId, String callId, String from, String requestUri,
            String sourceAddress, int status, String reasonPhrase) {
        queue(transactionId, callId, from, requestUri, sourceAddress, status, reasonPhrase, RefusedCall.Cause.LOAD,
                null);
    }

    /** An initial INVITE a policy's interceptor answered with a final error; challenges are not refusals. */
    public void rejectedByPolicy(String transactionId, String callId, String from, String requestUri,
            String sourceAddress, int status, String reasonPhrase, String policy) {
        if (status == 401 || status == 407) {
            return;
        }
        queue(transactionId, callId, from, requestUri, sourceAddress, status, reasonPhrase, RefusedCall.Cause.POLICY,
                policy);
    }

    private void queue(String transactionId, String callId, String from, String requestUri, String sourceAddress,
            int status, String reasonPhrase, RefusedCall.Cause cause, String refusedBy) {
        if (listeners.isEmpty()) {
            return;
        }
        if (!queue.offer(new Pending(transactionId, callId, from, requestUri, sourceAddress, System.currentTimeMillis(),
                status, reasonPhrase, cause, refusedBy))) {
            unreported.increment();
        }
    }

    /** Refusals reported to the listeners (each INVITE once). */
    public long reported() {
        return reported.sum();
    }

    /** Refusals dropped because the queue was full. */
    public long unreported() {
        return unreported.sum();
    }

    private void report() {
        while (!Thread.currentThread().isInterrupted()) {
            Pending pending;
            try {
                pending = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            deliver(pending);
        }
    }

    /** Hands one refusal to every listener, unless a copy of its INVITE was handed already. */
    private void deliver(Pending pending) {
        if (recent.put(pending.transactionId(), Boolean.TRUE) != null) {
            return;
        }
        RefusedCall call = callOf(pending);
        for (RefusedCallListener listener : listeners) {
            try {
                listener.callRefused(call);
            } catch (RuntimeException e) {
                LOG.warn("Refused-call listener {} failed on call {}", listener.getClass().getName(), call.callId(), e);
            }
        }
        reported.increment();
    }

    private RefusedCall callOf(Pending p) {
        String requestUri = SipAddresses.uri(p.requestUri());
        return new RefusedCall(p.callId(), SipAddresses.user(SipAddresses.uri(p.from())), SipAddresses.user(requestUri),
                SipAddresses.host(requestUri), p.sourceAddress(), p.at(), p.status(), p.reasonPhrase(), p.cause(),
                p.refusedBy() != null ? p.refusedBy() : hostName);
    }

    /** For tests: takes and delivers what is queued, on the calling thread. */
    int drain() {
        List<Pending> taken = new ArrayList<>();
        queue.drainTo(taken);
        taken.forEach(this::deliver);
        return taken.size();
    }
}
