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

/**
 * The SS_SIP_* configuration: the settings service runs and every stored configuration is in force. WARN while a
 * refused value stands (the configuration runs on its last good values, not on what {@code config:list} shows);
 * CRITICAL when the settings service is not running.
 */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=" + ConfigurationCheck.NAME,
        HealthCheck.TAGS + "=" + HealthTags.SYSTEM_READY,
        HealthCheck.MBEAN_NAME + "=sipsm-" + ConfigurationCheck.NAME})
public class ConfigurationCheck implements HealthCheck {

    static final String NAME = "configuration";

    private volatile SettingsResolver settings;

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
        return s == null ? judge(null, 0) : judge(s.standingRejections(), s.tenants().size());
    }

    /** @param standing null while the settings service is not running */
    static Result judge(List<ConfigurationRejection> standing, int tenants) {
        FormattingResultLog log = new FormattingResultLog();
        if (standing == null) {
            log.critical("The SS_SIP_* settings service is not running (feature sipsm-config)");
        } else if (standing.isEmpty()) {
            log.info("Every stored configuration is in force: the global settings and {} tenants", tenants);
        } else {
            for (ConfigurationRejection refused : standing) {
                log.warn("{} (at {}); {} runs on its last good values until the value is corrected or removed",
                        refused, refused.at(), refused.pid());
            }
        }
        return new Result(log);
    }
}
