package io.sipsm.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.SettingsResolver;
import io.sipsm.config.SipConfiguration;
import io.sipsm.config.SipKey;
import io.sipsm.config.TenantSummary;

/**
 * {@code sipsm:validate}: checks one value the way an edit would be checked, without storing it. Worth doing
 * first because a refused value stays in Configuration Admin and blocks later edits of its PID.
 *
 * <p>Needs {@code SettingsResolver.preview(String, SipKey, String)} (io.sipsm.config 1.1); see NOTES.md. Rename
 * this file to {@code .java} once the config bundle has it.
 */
@Command(scope = "sipsm", name = "validate", description = "Checks one SS_SIP_* value without applying it")
@Service
public class ValidateCommand implements Action {

    @Argument(index = 0, name = "key", description = "The property, for example SS_SIP_SEND_RETRY", required = true)
    @Completion(SipKeyCompleter.class)
    String key;

    @Argument(index = 1, name = "value", description = "The value as config:property-set would take it", required = true)
    String value;

    @Option(name = "--tenant", description = "Check against this tenant's configuration instead of the global one")
    @Completion(TenantNameCompleter.class)
    String tenant;

    @Reference
    SettingsResolver resolver;

    @Reference
    Session session;

    @Override
    public Object execute() {
        SipKey sipKey = SipKey.forProperty(key)
                .orElseThrow(() -> new IllegalArgumentException("unknown key " + key + "; keys are SS_SIP_*, see config:meta io.sipsm.sip"));
        String pid = tenant == null ? SipConfiguration.GLOBAL_PID : tenantPid(tenant);
        PrintStream out = session.getConsole();
        EffectiveSettings preview;
        try {
            preview = resolver.preview(pid, sipKey, value);
        } catch (IllegalArgumentException refused) {
            out.println("Refused: " + refused.getMessage());
            return null;
        }
        out.println("OK: " + pid + " would accept " + sipKey + "=" + preview.settings().text(sipKey));
        // The resend keys change what the host runs, which an operator should see before committing.
        if (sipKey == SipKey.RESEND_INTERVAL || sipKey == SipKey.SEND_RETRY) {
            out.println("Resend mapping: " + preview.resend().explanation());
        }
        preview.warnings().forEach(warning -> out.println("Warning: " + warning));
        return null;
    }

    private String tenantPid(String name) {
        return resolver.tenants().stream().filter(t -> t.name().equals(name)).map(TenantSummary::pid).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tenant named '" + name + "'"));
    }
}
