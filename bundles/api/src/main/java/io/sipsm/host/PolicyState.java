package io.sipsm.host;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a policy keeps what it must remember of calls in progress, so that the calls outlive the policy's
 * bundle: the host holds the records, and the next revision of the bundle ({@code bundle:update},
 * {@code bundle:restart}, {@code bundle:refresh}, {@code feature:update}) reads them on activation and takes
 * the calls up where the previous one left them.
 *
 * <p>The service is bundle-scoped: each bundle sees its own records, kept under its symbolic name, which the
 * next revision of the bundle shares. A record is a small map of strings, so any revision can read what
 * another wrote (put a format version in it). Durations in a record should be due instants rather than delays,
 * so that a revision taking over arms its timers for the time that is left.
 *
 * <p>A leg's record goes when the host discards the leg's session; every record of a bundle goes when the
 * bundle is uninstalled for good (not when it is updated, stopped or refreshed). The records live in memory:
 * they outlive a policy bundle, not the host.
 *
 * @since 1.5
 */
@ProviderType
public interface PolicyState {

    /** Stores (replaces) the record kept for a leg; ignored when the leg has already ended. */
    void put(CallLeg leg, Map<String, String> record);

    /** The record kept for the leg, if any. */
    Optional<Map<String, String>> get(CallLeg leg);

    /** Forgets the record kept for the leg. */
    void remove(CallLeg leg);

    /** The legs not yet ended that have a record, each with its record: what a new revision takes up. */
    Map<CallLeg, Map<String, String>> legs();

    /** Stores (replaces) a record bound to no leg (a gateway's availability, say), under a key of the caller's. */
    void put(String key, Map<String, String> record);

    /** Forgets the record kept under the key. */
    void remove(String key);

    /** Every record bound to no leg, by key. */
    Map<String, Map<String, String>> records();
}
