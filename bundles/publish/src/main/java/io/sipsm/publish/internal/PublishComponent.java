package io.sipsm.publish.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.gateway.GatewayAvailability;
import io.sipsm.gateway.GatewayStatus;
import io.sipsm.host.InboundRequest;
import io.sipsm.host.PolicyScheduler;
import io.sipsm.host.PolicyState;
import io.sipsm.host.SipMessageInterceptor;
import io.sipsm.metrics.Metric;
import io.sipsm.metrics.MetricSource;

/**
 * Wires the PUBLISH policies to the host and to routing: consumes every PUBLISH from an allowed gateway and
 * answers it from the host (no application sees it), keeps the publications in a {@link PublicationBook}
 * expiring on the component's own thread, and offers the resulting {@link GatewayAvailability}.
 *
 * <p>The publication state outlives the component: the host keeps it ({@link PolicyState}), and the next
 * component (after an update or a restart of this bundle, or of the settings service it needs) takes it up, so a
 * gateway that was unavailable stays so and a refresh still matches its entity-tag. Uninstalling the bundle
 * releases it.
 */
@Component(service = {SipMessageInterceptor.class, GatewayAvailability.class, MetricSource.class},
        configurationPid = PublishConfig.PID, immediate = true,
        property = {"service.ranking:Integer=" + SipMessageInterceptor.Ranking.PUBLISH,
            MetricSource.SOURCE + "=publish"})
@Designate(ocd = PublishConfig.class)
public class PublishComponent implements SipMessageInterceptor, GatewayAvailability, MetricSource {

    private static final Logger LOG = LoggerFactory.getLogger(PublishComponent.class);
    private static final String PUBLISH = "PUBLISH";

    private final SettingsResolver resolver;
    private final PublicationBook book;
    private volatile PublishSettings settings;
    /** The configuration last seen, to tell what an edit changed. */
    private PublishConfig stored;

    /** A value refused here takes its default: there is nothing earlier to keep. */
    @Activate
    public PublishComponent(@Reference(name = "settings") SettingsResolver resolver,
            @Reference(name = "state") PolicyState state, @Reference(name = "scheduler") PolicyScheduler scheduler,
            PublishConfig config) {
        this(resolver, config, Clock.systemUTC(), scheduler, randomTags(), state);
    }

    PublishComponent(SettingsResolver resolver, PublishConfig config, Clock clock, PolicyScheduler scheduler,
            Supplier<String> etags, PolicyState state) {
        this.resolver = resolver;
        PublishSettings.Reading reading = PublishSettings.read(config, PublishSettings.DEFAULTS);
        reading.refusals().forEach(refusal -> LOG.error("{}; it takes its default", refusal));
        this.settings = reading.settings();
        this.stored = config;
        this.book = new PublicationBook(clock, scheduler, etags, state);
        int taken = book.restore();
        book.retainOnly(gateway -> settings.allows(gateway.host()));
        LOG.info("PUBLISH handling configured: {}; {} gateways' publications taken up", settings, taken);
        settings.openToEveryone().ifPresent(LOG::warn);
    }

    /**
     * Swaps the settings for the next PUBLISH. An edit that brings a bad value is refused whole, naming key, value
     * and reason, and the last good settings stay. A bad value refused earlier and left stored does not block
     * later edits of other keys: its key keeps its last good value and the line says how to remove it.
     */
    @Modified
    void modified(PublishConfig config) {
        PublishSettings.Reading reading = PublishSettings.read(config, settings);
        PublishConfig before = stored;
        stored = config;
        List<PublishSettings.Refusal> brought = reading.refusals().stream().filter(refusal -> !PublishSettings
                .valueOf(before, refusal.key()).equals(PublishSettings.valueOf(config, refusal.key()))).toList();
        if (!brought.isEmpty()) {
            brought.forEach(refusal -> LOG.error("{}; the edit is refused, keeping {}", refusal, settings));
            return;
        }
        reading.refusals().forEach(refusal -> LOG.error("{}; refused before, it keeps its last good value while the"
                + " other keys apply (remove it: config:property-delete -p {} {})", refusal, PublishConfig.PID,
                refusal.key()));
        PublishSettings changed = reading.settings();
        settings = changed;
        book.retainOnly(gateway -> changed.allows(gateway.host()));
        LOG.info("PUBLISH handling reconfigured: {}", changed);
        changed.openToEveryone().ifPresent(LOG::warn);
    }

    @Deactivate
    void deactivate() {
        // The host's scheduler: the timers of this bundle go when it stops; a deactivation alone cancels them here.
        book.clear();
    }

    @Override
    public Disposition incomingRequest(InboundRequest request) {
        if (!PUBLISH.equals(request.method())) {
            return Disposition.PASS;
        }
        String source = request.remoteAddress();
        EffectiveSettings effective = resolver.resolve(new NewCall(null, source, null));
        if (!effective.settings().publishExpiryEnabled()) {
            // Switched off: step aside as if not installed; an application, or the host's 404, answers.
            LOG.debug("PUBLISH {} from {} passed on: SS_SIP_ENABLE_PUBLISH_EXPIRE is off", request.callId(), source);
            return Disposition.PASS;
        }
        PublishSettings current = settings;
        PublishAnswer answer = current.allows(source) ? judge(request, current, effective) : PublishAnswer.forbidden();
        if (answer.status() >= 300) {
            LOG.debug("PUBLISH {} from {} answered {} {}", request.callId(), source, answer.status(), answer.reason());
        }
        request.respond(answer.status(), answer.reason(), answer.headers());
        return Disposition.CONSUME;
    }

    private PublishAnswer judge(InboundRequest request, PublishSettings current, EffectiveSettings effective) {
        try {
            PublishRequest publish = PublishParser.parse(request);
            PublicationTerms terms = new PublicationTerms(effective.settings().publishExpire(), current.minExpires(),
                    effective.tenant().orElse(null));
            return book.publish(publish, terms);
        } catch (MalformedPublishException e) {
            return PublishAnswer.refused(e.status(), e.getMessage());
        }
    }

    @Override
    public boolean isAvailable(String host, int port) {
        GatewayAddress gateway;
        try {
            gateway = GatewayAddress.of(host, port);
        } catch (IllegalArgumentException e) {
            return true;
        }
        if (book.isAvailable(gateway)) {
            return true;
        }
        // The switch is per tenant, and a gateway's tenant is found by its address, as for its PUBLISH.
        return !resolver.resolve(new NewCall(null, gateway.host(), null)).settings().publishExpiryEnabled();
    }

    @Override
    public List<Metric> metrics() {
        List<Metric> metrics = new java.util.ArrayList<>();
        java.time.Instant now = java.time.Instant.now();
        for (GatewayStatus gateway : gateways()) {
            // Gateways are keyed by the trusted sources that may publish: a configured, bounded set.
            java.util.Map<String, String> labels = java.util.Map.of("gateway",
                    (gateway.host().contains(":") ? "[" + gateway.host() + "]" : gateway.host()) + ":" + gateway.port(),
                    "state", gateway.state().name().toLowerCase(java.util.Locale.ROOT));
            metrics.add(Metric.gauge("sipsm_gateway_available",
                    "1 while a gateway's publication is in force (it takes calls), 0 once it expired or was withdrawn",
                    labels, gateway.available() ? 1 : 0));
            metrics.add(Metric.gauge("sipsm_gateway_publication_remaining_seconds",
                    "Seconds until a gateway's publication runs out (0 once it has)", labels,
                    Math.max(0, java.time.Duration.between(now, gateway.expires()).toMillis() / 1000.0)));
        }
        return metrics;
    }

    @Override
    public List<GatewayStatus> gateways() {
        return book.gateways();
    }

    private static Supplier<String> randomTags() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] bytes = new byte[12];
            random.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        };
    }
}
