package io.sipsm.b2bua.internal;

import java.util.concurrent.atomic.AtomicReference;

import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipURI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;

/**
 * The tenant a call belongs to, for its figures: the tenant whose selector matches the call, as every policy
 * resolves it. Without the settings service (optional) or when none matches, the empty tenant.
 */
final class TenantLookup {

    private static final Logger LOG = LoggerFactory.getLogger(TenantLookup.class);

    private final AtomicReference<SettingsResolver> service = new AtomicReference<>();

    void bind(SettingsResolver resolver) {
        service.set(resolver);
    }

    void unbind(SettingsResolver resolver) {
        service.compareAndSet(resolver, null);
    }

    String tenantOf(SipServletRequest invite, String application) {
        String domain = invite.getRequestURI() instanceof SipURI sip ? sip.getHost() : null;
        return tenantOf(invite.getCallId(), domain, invite.getInitialRemoteAddr(), application);
    }

    /** The tenant of a call known by its Request-URI's domain and its source address. */
    String tenantOf(String callId, String domain, String sourceAddress, String application) {
        SettingsResolver resolver = service.get();
        if (resolver == null) {
            return "";
        }
        try {
            return resolver.resolve(new NewCall(domain, sourceAddress, application)).tenant().orElse("");
        } catch (RuntimeException e) {
            // The settings bundle going away under us; the call's figures go under no tenant.
            LOG.debug("call {}: tenant unknown ({})", callId, e.toString());
            return "";
        }
    }
}
