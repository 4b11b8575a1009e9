package io.sipsm.health.internal;

import java.util.List;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.sipsm.config.ConfigurationRejection;
import io.sipsm.config.SettingsResolver;
import io.sipsm.host.HostStatus;

/**
 * The configuration: the settings service runs and every stored configuration is in force, the SS_SIP_* ones
 * ({@code io.sipsm.sip} and the tenants) and the host's ({@code io.sipsm.host}). WARN while a refused value stands (the configuration runs on its last good values, not on what {@code config:list} shows);
 * CRITICAL when the settings service is not running.
 */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=" + ConfigurationCheck.NAME,
        HealthCheck.TAGS + "=" + HealthTags.SYSTEM_READY,
        HealthCheck.MBEAN_NAME + "=sipsm-" + ConfigurationCheck.NAME})
public class ConfigurationCheck implements HealthCheck {

    static final String NAME = "configuration";

    /** The host's own PID, whose refusals the host keeps. */
    static final String HOST_PID = "io.sipsm.host";

    private volatile SettingsResolver settings;
    private volatile HostStatus host;

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
    void bindSettings(SettingsResolver resolver) {
        settings = resolver;
    }

    void unbindSettings(SettingsResolver resolver) {
        if (settings == resolver) {
            settings = null;
        }
    }

    @Override
    public Result execute() {
        SettingsResolver s = settings;
        HostStatus h = host;
        List<HostStatus.RefusedSetting> hostRefusals = h == null ? List.of() : h.refusedSettings();
        return s == null ? judge(null, 0, hostRefusals) : judge(s.standingRejections(), s.tenants().size(), hostRefusals);
    }

    /**
     * @param standing the SS_SIP_* refusals standing, null while the settings service is not running
     * @param host the host's own refusals standing ({@value #HOST_PID})
     */
    static Result judge(List<ConfigurationRejection> standing, int tenants, List<HostStatus.RefusedSetting> host) {
        FormattingResultLog log = new FormattingResultLog();
        if (standing == null) {
            log.critical("The SS_SIP_* settings service is not running (feature sipsm-config)");
        } else if (standing.isEmpty() && host.isEmpty()) {
            log.info("Every stored configuration is in force: the host's, the global settings and {} tenants", tenants);
        } else {
            for (ConfigurationRejection refused : standing) {
                log.warn("{} (at {}); {} runs on its last good values until the value is corrected or removed",
                        refused, refused.at(), refused.pid());
            }
        }
        for (HostStatus.RefusedSetting refused : host) {
            log.warn("{}: {}; the host runs on its last good value until the value is corrected or removed", HOST_PID,
                    refused);
        }
        return new Result(log);
    }
}
