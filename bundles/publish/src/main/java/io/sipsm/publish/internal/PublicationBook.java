package io.sipsm.publish.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.gateway.GatewayStatus;
import io.sipsm.gateway.GatewayStatus.State;

/**
 * The publication state of every gateway (RFC 3903, section 6, as an event state compositor that keeps one
 * publication per gateway) and the availability that follows from it.
 *
 * <p>A new publication replaces the gateway's previous one, whose entity-tag is then unknown; every accepted
 * refresh gets a new entity-tag, as RFC 3903 requires. A publication that runs out marks the gateway
 * {@link State#EXPIRED}, one removed with Expires: 0 marks it {@link State#WITHDRAWN}; both keep the gateway out
 * of routing until it publishes again. Gateways never heard from are available.
 *
 * <p>Changes are serialised on the book; reads ({@link #isAvailable}) are lock-free on immutable entries, since
 * routing asks for every call.
 */
final class PublicationBook {

    private static final Logger LOG = LoggerFactory.getLogger(PublicationBook.class);

    /** One gateway's publication; replaced whole on every change. */
    private record Entry(String etag, String event, State state, Instant published, Instant expires, String tenant,
            ExpiryScheduler.Cancellable timer) {

        GatewayStatus status(GatewayAddress gateway) {
            return new GatewayStatus(gateway.host(), gateway.port(), state, published, expires, tenant);
        }
    }

    private final Clock clock;
    private final ExpiryScheduler scheduler;
    private final Supplier<String> etags;
    private final Map<GatewayAddress, Entry> entries = new ConcurrentHashMap<>();

    PublicationBook(Clock clock, ExpiryScheduler scheduler, Supplier<String> etags) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.etags = etags;
    }

    /** Judges a well-formed PUBLISH, in the order of RFC 3903 section 6: Expires, SIP-If-Match, body. */
    synchronized PublishAnswer publish(PublishRequest request, PublicationTerms terms) {
        long minimum = terms.minimum().toSeconds();
        long requested = request.expires().orElse(terms.maximum().toSeconds());
        if (requested > 0 && requested < minimum) {
            return PublishAnswer.intervalTooBrief(minimum);
        }
        Entry current = entries.get(request.gateway());
        if (request.isUpdate()) {
            if (current == null || current.state() != State.PUBLISHED || !current.etag().equals(request.ifMatch())) {
                return PublishAnswer.conditionalRequestFailed();
            }
            if (request.isRemoval()) {
                return withdraw(request.gateway(), current);
            }
        } else if (request.isRemoval()) {
            return PublishAnswer.badRequest("Removal Needs SIP-If-Match");
        } else if (!request.hasBody()) {
            // RFC 3903 table 1: an initial publication carries the event state.
            return PublishAnswer.badRequest("Initial Publication Needs A Body");
        }
        long granted = Math.min(requested, terms.maximum().toSeconds());
        return publishFor(request, current, Duration.ofSeconds(granted), terms.tenant());
    }

    private PublishAnswer publishFor(PublishRequest request, Entry current, Duration granted, String tenant) {
        GatewayAddress gateway = request.gateway();
        if (current != null) {
            current.timer().cancel();
        }
        String etag = etags.get();
        Instant now = clock.instant();
        ExpiryScheduler.Cancellable timer = scheduler.schedule(granted, () -> expire(gateway, etag));
        entries.put(gateway, new Entry(etag, request.event(), State.PUBLISHED, now, now.plus(granted), tenant, timer));
        if (current != null && !current.state().available()) {
            LOG.info("Gateway {} published {} again: available for new calls, publication expires in {} s", gateway,
                    request.event(), granted.toSeconds());
        } else {
            LOG.debug("Gateway {} {} {}: entity-tag {}, expires in {} s", gateway,
                    request.isUpdate() ? "refreshed" : "published", request.event(), etag, granted.toSeconds());
        }
        return PublishAnswer.accepted(etag, granted.toSeconds());
    }

    private PublishAnswer withdraw(GatewayAddress gateway, Entry current) {
        current.timer().cancel();
        entries.put(gateway, new Entry(current.etag(), current.event(), State.WITHDRAWN, current.published(),
                clock.instant(), current.tenant(), current.timer()));
        LOG.info("Gateway {} removed its {} publication: unavailable for new calls until it publishes again",
                gateway, current.event());
        return PublishAnswer.accepted(current.etag(), 0);
    }

    /** The expiry of the publication {@code etag}; a later publication replaced and cancelled older ones. */
    synchronized void expire(GatewayAddress gateway, String etag) {
        Entry current = entries.get(gateway);
        if (current == null || current.state() != State.PUBLISHED || !current.etag().equals(etag)) {
            return;
        }
        entries.put(gateway, new Entry(etag, current.event(), State.EXPIRED, current.published(), current.expires(),
                current.tenant(), current.timer()));
        LOG.info("Gateway {} did not refresh its {} publication within {} s: unavailable for new calls", gateway,
                current.event(), Duration.between(current.published(), current.expires()).toSeconds());
    }

    /** True unless the gateway's publication expired or was withdrawn. */
    boolean isAvailable(GatewayAddress gateway) {
        Entry entry = entries.get(gateway);
        return entry == null || entry.state().available();
    }

    /** True when the gateway ever published (and was not forgotten since). */
    boolean knows(GatewayAddress gateway) {
        return entries.containsKey(gateway);
    }

    /** Every known gateway, by address then port. */
    List<GatewayStatus> gateways() {
        return entries.entrySet().stream().map(e -> e.getValue().status(e.getKey()))
                .sorted(Comparator.comparing(GatewayStatus::host).thenComparingInt(GatewayStatus::port))
                .toList();
    }

    /**
     * Forgets the gateways that may no longer publish, so that they count as never heard from (available)
     * rather than staying unavailable for good.
     */
    synchronized void retainOnly(Predicate<GatewayAddress> allowed) {
        entries.entrySet().removeIf(e -> {
            if (allowed.test(e.getKey())) {
                return false;
            }
            e.getValue().timer().cancel();
            LOG.info("Gateway {} may no longer publish; its publication state is forgotten", e.getKey());
            return true;
        });
    }

    /** Cancels every expiry and forgets every publication. */
    synchronized void clear() {
        entries.values().forEach(e -> e.timer().cancel());
        entries.clear();
    }
}
