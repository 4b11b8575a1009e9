package io.sipsm.config.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedService;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.sipsm.config.ConfigurationRejection;
import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.config.SipKey;
import io.sipsm.config.SipConfiguration;
import io.sipsm.config.TenantSummary;
import io.sipsm.host.SipMessageInterceptor;
import io.sipsm.host.TransactionTimers;

/**
 * Wires the {@link SettingsRegistry} to OSGi: it receives the configurations, offers the resolver, and keeps
 * the host's transaction timers in line with the global resend list.
 *
 * <p>Configurations arrive through a {@link ManagedService} and a {@link ManagedServiceFactory} this component
 * registers, not through DS configuration. With DS, Felix SCR hands a new configuration to {@code @Modified}
 * (or reactivates the component) and, if that throws, logs the exception but keeps the new properties as the
 * component's own, or leaves the component unsatisfied and its service gone: either way the last good values
 * are lost. A managed service gets the dictionary and decides for itself, so a bad edit changes nothing.
 */
// Configuration policy IGNORE: the configurations go to the managed services below, never to DS.
@Component(service = SettingsResolver.class, immediate = true, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class SipSettingsComponent implements SettingsResolver {

    /** How long a challenge's nonce may be answered: a UA answers at once, and reuses it for later calls. */
    static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);
    /** Nonces whose counts are kept: each costs ~100 bytes; only a correct answer adds one. */
    static final int NONCES_TRACKED = 50_000;

    private final HostTimerApplier timers = new HostTimerApplier();
    private final SettingsRegistry registry;
    private final List<ServiceRegistration<?>> registrations;

    /** Registers the managed services; Config Admin then delivers the current configurations asynchronously. */
    @Activate
    public SipSettingsComponent(BundleContext context) {
        registry = new SettingsRegistry(Clock.systemUTC(), global -> timers.settingsChanged(global.resend(),
                global.settings().retransmissionWaits()));
        timers.settingsChanged(registry.global().resend(), registry.global().settings().retransmissionWaits());
        CallerTrust trust = new CallerTrust();
        DigestUsers users = new DigestUsers();
        ManagedService global = properties -> {
            registry.updateGlobal(properties);
            trust.updateGlobal(properties);
            users.updateGlobal(properties);
        };
        DigestAuthenticator authenticator = new DigestAuthenticator(
                new DigestNonces(Clock.systemUTC(), NONCE_LIFETIME, NONCES_TRACKED));
        Dictionary<String, Object> first = new Hashtable<>();
        first.put(Constants.SERVICE_RANKING, CallerAdmission.RANKING);
        registrations = List.of(
                context.registerService(ManagedService.class, global, pid(SipConfiguration.GLOBAL_PID)),
                context.registerService(ManagedServiceFactory.class, new TenantConfigurations(registry, trust, users),
                        pid(SipConfiguration.TENANT_FACTORY_PID)),
                context.registerService(new String[] {SipMessageInterceptor.class.getName(),
                        CallerAdmission.class.getName()}, new CallerAdmission(registry, trust, users, authenticator), first));
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTransactionTimers(TransactionTimers host) {
        timers.hostAvailable(host);
    }

    void unbindTransactionTimers(TransactionTimers host) {
        timers.hostGone(host);
    }

    @Override
    public EffectiveSettings resolve(NewCall call) {
        return registry.resolve(call);
    }

    @Override
    public EffectiveSettings global() {
        return registry.global();
    }

    @Override
    public List<TenantSummary> tenants() {
        return registry.tenants();
    }

    @Override
    public EffectiveSettings preview(String pid, SipKey key, String value) {
        return registry.preview(pid, key, value);
    }

    @Override
    public Optional<ConfigurationRejection> lastRejection() {
        return registry.lastRejection();
    }

    @Override
    public List<ConfigurationRejection> standingRejections() {
        return registry.standingRejections();
    }

    private static Dictionary<String, Object> pid(String pid) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_PID, pid);
        return properties;
    }
}
