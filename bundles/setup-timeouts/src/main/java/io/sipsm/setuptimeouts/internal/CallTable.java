package io.sipsm.setuptimeouts.internal;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The calls the policy follows, found by the Call-ID of any of their legs, and the initial INVITEs that
 * arrived but whose call has not shown a leg yet. Both are bounded: a flood of INVITEs that are never answered
 * cannot grow them past {@link #capacity()}, and an arrival nobody claims is dropped after
 * {@link #ARRIVAL_TTL}.
 */
final class CallTable {

    /**
     * How long an arrival waits for its call's first leg. The application takes an INVITE within milliseconds;
     * one that has not after this never will, and an INVITE timeout is far shorter anyway.
     */
    static final Duration ARRIVAL_TTL = Duration.ofSeconds(32);

    /** An initial INVITE as it arrived, before any application session existed. */
    record Arrival(long nanos, String requestDomain, String sourceAddress) {
    }

    private final int capacity;
    private final LongSupplier nanoTime;
    private final Map<String, CallRecord> byCallId = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    /** Insertion order is arrival order, so the oldest are at the head and pruning stops at the first young one. */
    private final LinkedHashMap<String, Arrival> arrivals = new LinkedHashMap<>();

    CallTable(int capacity, LongSupplier nanoTime) {
        this.capacity = capacity;
        this.nanoTime = nanoTime;
    }

    int capacity() {
        return capacity;
    }

    /** Calls followed now. */
    int activeCalls() {
        return calls.get();
    }

    /** Notes an initial INVITE; false when the table is full and the call will not be followed. */
    boolean arrived(String callId, String requestDomain, String sourceAddress) {
        long now = nanoTime.getAsLong();
        synchronized (arrivals) {
            pruneArrivals(now);
            if (arrivals.size() >= capacity || calls.get() >= capacity) {
                return false;
            }
            arrivals.putIfAbsent(callId, new Arrival(now, requestDomain, sourceAddress));
            return true;
        }
    }

    /** The arrival of this Call-ID, removed from the table; null when there is none (or it expired). */
    Arrival claimArrival(String callId) {
        synchronized (arrivals) {
            pruneArrivals(nanoTime.getAsLong());
            return arrivals.remove(callId);
        }
    }

    boolean isArrivalPending(String callId) {
        synchronized (arrivals) {
            return arrivals.containsKey(callId);
        }
    }

    int pendingArrivals() {
        synchronized (arrivals) {
            return arrivals.size();
        }
    }

    CallRecord find(String callId) {
        return callId == null ? null : byCallId.get(callId);
    }

    /** Starts following a call; false when the table is full. */
    boolean add(CallRecord call) {
        if (calls.incrementAndGet() > capacity) {
            calls.decrementAndGet();
            return false;
        }
        if (byCallId.putIfAbsent(call.callId(), call) != null) {
            calls.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Makes the call findable by one more leg's Call-ID. */
    void link(String legCallId, CallRecord call) {
        byCallId.put(legCallId, call);
    }

    /** Forgets one leg's Call-ID; the call's own stays until the call is released. */
    void unlink(String legCallId, CallRecord call) {
        if (!legCallId.equals(call.callId())) {
            byCallId.remove(legCallId, call);
        }
    }

    /**
     * Stops following a call {@link #add added} before: timers cancelled, every Call-ID forgotten. Call under
     * the record's lock; a second release does nothing.
     */
    void release(CallRecord call) {
        if (call.isReleased()) {
            return;
        }
        call.attemptCallIds().forEach(id -> byCallId.remove(id, call));
        call.release();
        byCallId.remove(call.callId(), call);
        calls.decrementAndGet();
    }

    /** Releases every call, as the policy stops. */
    void clear() {
        for (CallRecord call : byCallId.values()) {
            synchronized (call) {
                release(call);
            }
        }
        synchronized (arrivals) {
            arrivals.clear();
        }
    }

    private void pruneArrivals(long now) {
        long ttl = ARRIVAL_TTL.toNanos();
        for (Iterator<Arrival> it = arrivals.values().iterator(); it.hasNext();) {
            if (now - it.next().nanos() < ttl) {
                return;
            }
            it.remove();
        }
    }
}
