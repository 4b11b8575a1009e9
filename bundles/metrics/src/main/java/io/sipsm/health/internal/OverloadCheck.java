package io.sipsm.health.internal;

import java.util.stream.Collectors;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.sipsm.host.OverloadStatus;

/**
 * Overload, judged on {@link OverloadStatus#intake()}: the very state the host answers a proxy's keep-alive OPTIONS
 * from, so that the check and the keep-alive never disagree. WARN while the host sheds load, drains or lags;
 * CRITICAL at a memory bound (every initial request refused); TEMPORARILY_UNAVAILABLE until the boot finished.
 */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=" + OverloadCheck.NAME,
        HealthCheck.TAGS + "=" + HealthTags.SYSTEM_READY,
        HealthCheck.MBEAN_NAME + "=sipsm-" + OverloadCheck.NAME})
public class OverloadCheck implements HealthCheck {

    static final String NAME = "overload";

    private volatile OverloadStatus overload;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOverload(OverloadStatus status) {
        overload = status;
    }

    void unbindOverload(OverloadStatus status) {
        if (overload == status) {
            overload = null;
        }
    }

    @Override
    public Result execute() {
        OverloadStatus o = overload;
        // The intake first: it decides the level; the snapshot after it only describes the gauges.
        return o == null ? judge(null, null) : judge(o.intake(), o.overload());
    }

    /** @param intake null while the host is not running */
    static Result judge(OverloadStatus.Intake intake, OverloadStatus.Snapshot snapshot) {
        FormattingResultLog log = new FormattingResultLog();
        if (intake == null) {
            log.critical("The host is not running: no admission control to read");
            return new Result(log);
        }
        String gauges = snapshot == null ? "" : snapshot.gauges().stream().filter(g -> g.limit() > 0)
                .map(g -> g.name() + " " + g.value() + "/" + g.limit()).collect(Collectors.joining(", "));
        switch (intake) {
            case TAKING_CALLS -> log.info("Taking every new call; gauges {}", gauges);
            case NO_APPLICATION -> log.info("Not overloaded (keep-alive OPTIONS get 503 because no application takes"
                    + " INVITE: see the check host); gauges {}", gauges);
            case BOOTING -> log.temporarilyUnavailable("The framework's boot is not finished: keep-alive OPTIONS get"
                    + " 503 until every boot feature is installed");
            case DRAINING -> log.warn("Draining (taken out of service by an admin): new calls get 503, calls up go on;"
                    + " keep-alive OPTIONS get 503");
            case SHEDDING -> log.warn("Shedding load: admitting {} % of new calls, 503 for the rest; keep-alive OPTIONS"
                    + " get 503; gauges {}", snapshot == null ? "?" : snapshot.admitPercent(), gauges);
            case LAGGING -> log.warn("Lagging: every new call gets 503 while the receive queue's delay is at its limit;"
                    + " keep-alive OPTIONS get 503; gauges {}", gauges);
            case AT_MEMORY_BOUND -> log.critical("At a memory bound: every initial request gets 503 until the gauges are"
                    + " back below their resume level; keep-alive OPTIONS get 503; gauges {}", gauges);
        }
        return new Result(log);
    }
}
