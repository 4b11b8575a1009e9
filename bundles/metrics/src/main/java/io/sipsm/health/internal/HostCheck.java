package io.sipsm.health.internal;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.sipsm.host.HostStatus;
import io.sipsm.host.OverloadStatus;

/**
 * The host: the SIP container runs and its connector holds the port it was given, and applications are deployed
 * that take calls. CRITICAL when the container is down, nothing listens, or no application is deployed; WARN when
 * no deployed application takes INVITE (keep-alive OPTIONS then get 503) or a registered servlet is not deployed.
 */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=" + HostCheck.NAME,
        HealthCheck.TAGS + "=" + HealthTags.SYSTEM_ALIVE,
        HealthCheck.TAGS + "=" + HealthTags.SYSTEM_READY,
        HealthCheck.MBEAN_NAME + "=sipsm-" + HostCheck.NAME})
public class HostCheck implements HealthCheck {

    static final String NAME = "host";

    private volatile HostStatus host;
    private volatile OverloadStatus overload;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindHost(HostStatus status) {
        host = status;
    }

    void unbindHost(HostStatus status) {
        if (host == status) {
            host = null;
        }
    }

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
        HostStatus h = host;
        OverloadStatus o = overload;
        if (h == null) {
            return judge(null, false, null);
        }
        return judge(h, ListeningProbe.held(h.endpoint()), o == null ? null : o.intake());
    }

    /**
     * @param host the host's status, null while its container is not running
     * @param listening whether its endpoint's port is held (see {@link ListeningProbe})
     * @param intake what the host answers keep-alives now, null when unknown
     */
    static Result judge(HostStatus host, boolean listening, OverloadStatus.Intake intake) {
        FormattingResultLog log = new FormattingResultLog();
        if (host == null) {
            log.critical("The SIP container is not running (no host status registered): the host takes no calls");
            return new Result(log);
        }
        if (listening) {
            log.info("Listening on {}", host.endpoint());
        } else {
            log.critical("Nothing listens on {}: the connector could not bind it", host.endpoint());
        }
        List<HostStatus.Application> applications = host.applications();
        if (applications.isEmpty()) {
            log.critical("No SIP application is deployed: the host takes no calls");
        } else {
            log.info("Applications {}", applications.stream()
                    .map(a -> a.name() + " " + a.methods() + " " + a.activeApplicationSessions() + " calls")
                    .collect(Collectors.joining(", ")));
            if (intake == OverloadStatus.Intake.NO_APPLICATION) {
                log.warn("No deployed application takes INVITE: keep-alive OPTIONS get 503");
            }
        }
        for (HostStatus.NotDeployed servlet : host.notDeployed()) {
            log.warn("Servlet {} of {} is not deployed: {}", servlet.name(), servlet.bundle(), servlet.reason());
        }
        return new Result(log);
    }
}
