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

import io.sipsm.gateway.GatewayStatus.State;
import io.sipsm.gateway.GatewayStatus;
import io.sipsm.host.PolicyScheduler;
import io.sipsm.host.PolicyState;

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
 *
 * <p>Every change is also written to the host ({@link PolicyState}, one record per gateway), so that the next
 * revision of the bundle {@link #restore restores} the book: an update or a restart makes no unavailable gateway
 * available, and a gateway's refresh still matches its entity-tag.
 */
final class PublicationBook {

    private static final Logger LOG = LoggerFactory.getLogger(PublicationBook.class);

    /** One gateway's publication; replaced whole on every change. */
    private record Entry(String etag, String event, State state, Instant published, Instant expires, String tenant,
            PolicyScheduler.Scheduled timer) {

        GatewayStatus status(GatewayAddress gateway) {
            return new GatewayStatus(gateway.host(), gateway.port(), state, published, expires, tenant);
        }
    }

    private final Clock clock;
    private final PolicyScheduler scheduler;
    private final Supplier<String> etags;
    private final Map<GatewayAddress, Entry> entries = new ConcurrentHashMap<>();
    private final PolicyState kept;

    /** @param kept where the book's entries outlive this revision of the bundle */
    PublicationBook(Clock clock, PolicyScheduler scheduler, Supplier<String> etags, PolicyState kept) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.etags = etags;
        this.kept = kept;
    }

    /**
     * Takes up the publications a previous revision of the bundle kept with the host: each expiry armed for the
     * time left, a publication that ran out meanwhile expired now.
     *
     * @return how many gateways were taken up
     */
    synchronized int restore() {
        int taken = 0;
        for (Map.Entry<String, Map<String, String>> record : kept.records().entrySet()) {
            PublicationRecord r;
            try {
                r = PublicationRecord.decode(record.getValue());
            } catch (IllegalArgumentException e) {
                LOG.warn("Publication {} kept by the host cannot be taken up ({}); the gateway counts as never heard "
                        + "from until it publishes", record.getKey(), e.getMessage());
                kept.remove(record.getKey());
                continue;
            }
            PolicyScheduler.Scheduled timer = () -> { };
            if (r.state() == State.PUBLISHED) {
                Duration left = Duration.between(clock.instant(), r.expires());
                timer = scheduler.schedule(left.isNegative() ? Duration.ZERO : left,
                        () -> expire(r.gateway(), r.etag()));
            }
            entries.put(r.gateway(), new Entry(r.etag(), r.event(), r.state(), r.published(), r.expires(), r.tenant(),
                    timer));
            taken++;
        }
        return taken;
    }

    private void put(GatewayAddress gateway, Entry entry) {
        entries.put(gateway, entry);
        kept.put(gateway.toString(), new PublicationRecord(gateway, entry.etag(), entry.event(), entry.state(),
                entry.published(), entry.expires(), entry.tenant()).encode());
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
        PolicyScheduler.Scheduled timer = scheduler.schedule(granted, () -> expire(gateway, etag));
        put(gateway, new Entry(etag, request.event(), State.PUBLISHED, now, now.plus(granted), tenant, timer));
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
        put(gateway, new Entry(current.etag(), current.event(), State.WITHDRAWN, current.published(),
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
        put(gateway, new Entry(etag, current.event(), State.EXPIRED, current.published(), current.expires(),
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
            kept.remove(e.getKey().toString());
            LOG.info("Gateway {} may no longer publish; its publication state is forgotten", e.getKey());
            return true;
        });
    }

    /**
     * Cancels every expiry and forgets every publication, as this revision stops; the host keeps the records for
     * the next one (and releases them when the bundle is uninstalled).
     */
    synchronized void clear() {
        entries.values().forEach(e -> e.timer().cancel());
        entries.clear();
    }
}
