package io.sipsm.host.internal.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A work queue for a pool of threads that hands out the messages of one call one at a time, in the order they
 * were received: a thread takes the next message of a call only after the thread that took the previous one
 * came back for more work, that is, was done with it. Messages of different calls go in parallel, the oldest
 * call first.
 *
 * <p>Why: the stack's threads all take from one queue, so a gateway's 180 and the 200 right behind it, or a
 * caller's ACK and BYE, were carried through the container side by side and the later one could overtake the
 * earlier (a caller then never heard the ringing, or a BYE found its call not yet confirmed). Under load, when
 * several messages of a call wait in the queue together, that was common.
 *
 * <p>A copy of a message of a call that is still waiting for a thread is dropped and counted: a peer retransmits
 * (T1, 500 ms, then doubling) every request and 2xx the host has not answered yet, and with the queue past T1 every
 * message waiting there would be queued again and again, each copy parsed and matched by a stack thread for
 * nothing, the queue's delay growing the faster the longer it is (issue 27: the stall at twice the capacity).
 * The stack answers the first copy when a thread takes it; the peer's next copy, if it comes, finds its
 * transaction.
 *
 * <p>A thread is done with its message when it calls {@link #take} or {@link #poll(long, TimeUnit)} again, which
 * is how the stack's UDP channel threads work. Messages with no call (a key of null) are handed out freely.
 */
public final class CallOrderedQueue<E> extends java.util.AbstractQueue<E> implements BlockingQueue<E> {

    /** The messages of one call not yet handed out, and whether a thread is working on one of them. */
    private static final class Lane<E> {
        final Object call;
        final ArrayDeque<E> waiting = new ArrayDeque<>(2);
        boolean running;

        Lane(Object call) {
            this.call = call;
        }
    }

    private final Function<E, Object> callOf;
    private final BiPredicate<E, E> sameMessage;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workReady = lock.newCondition();
    private final Map<Object, Lane<E>> lanes = new HashMap<>();
    /** Lanes with a message waiting and no thread on them, in the order they became ready. */
    private final ArrayDeque<Lane<E>> ready = new ArrayDeque<>();
    private final ThreadLocal<Lane<E>> inHand = new ThreadLocal<>();
    private int size;
    // Written under the lock, read by whoever measures the load.
    private volatile long offered;
    private volatile long handedOut;
    private volatile long idleWaits;
    private volatile long duplicates;
    private volatile int waiting;

    /** @param callOf the call a message belongs to, or null for none */
    public CallOrderedQueue(Function<E, Object> callOf) {
        this(callOf, (a, b) -> false);
    }

    /**
     * @param callOf the call a message belongs to, or null for none
     * @param sameMessage whether two messages of a call are copies of one (a retransmission)
     */
    public CallOrderedQueue(Function<E, Object> callOf, BiPredicate<E, E> sameMessage) {
        this.callOf = callOf;
        this.sameMessage = sameMessage;
    }

    @Override
    public boolean offer(E message) {
        Object call = callOf.apply(message);
        lock.lock();
        try {
            Lane<E> lane = call == null ? new Lane<>(null) : lanes.computeIfAbsent(call, Lane::new);
            if (isCopyOfWaiting(lane, message)) {
                duplicates++;
                return true;
            }
            lane.waiting.add(message);
            size++;
            offered++;
            if (!lane.running && lane.waiting.size() == 1) {
                ready.add(lane);
                workReady.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean offer(E message, long timeout, TimeUnit unit) {
        return offer(message);
    }

    @Override
    public void put(E message) {
        offer(message);
    }

    @Override
    public E take() throws InterruptedException {
        return poll(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            finishInHand();
            if (ready.isEmpty()) {
                idleWaits++;
                waiting++;
                try {
                    while (ready.isEmpty()) {
                        if (nanos <= 0) {
                            return null;
                        }
                        nanos = workReady.awaitNanos(nanos);
                    }
                } finally {
                    waiting--;
                }
            }
            return handOut();
        } finally {
            lock.unlock();
        }
    }

    /** Hands out the next message without finishing one: for whoever is not one of the working threads. */
    @Override
    public E poll() {
        lock.lock();
        try {
            if (ready.isEmpty()) {
                return null;
            }
            Lane<E> lane = ready.poll();
            E message = lane.waiting.poll();
            size--;
            settle(lane);
            return message;
        } finally {
            lock.unlock();
        }
    }

    /** The message the next {@link #take} hands out, or null. */
    @Override
    public E peek() {
        lock.lock();
        try {
            Lane<E> lane = ready.peek();
            return lane == null ? null : lane.waiting.peek();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int remainingCapacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int drainTo(Collection<? super E> target) {
        return drainTo(target, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> target, int maxElements) {
        int drained = 0;
        while (drained < maxElements) {
            E message = poll();
            if (message == null) {
                break;
            }
            target.add(message);
            drained++;
        }
        return drained;
    }

    /** A snapshot of the messages waiting, lane by lane. */
    @Override
    public Iterator<E> iterator() {
        lock.lock();
        try {
            List<E> waiting = new ArrayList<>(size);
            lanes.values().forEach(lane -> waiting.addAll(lane.waiting));
            ready.stream().filter(lane -> lane.call == null).forEach(lane -> waiting.addAll(lane.waiting));
            return waiting.iterator();
        } finally {
            lock.unlock();
        }
    }

    private boolean isCopyOfWaiting(Lane<E> lane, E message) {
        for (E waitingMessage : lane.waiting) {
            if (sameMessage.test(waitingMessage, message)) {
                return true;
            }
        }
        return false;
    }

    /** Copies of a message still waiting, dropped so far. */
    public long duplicates() {
        return duplicates;
    }

    /** Messages queued so far. */
    public long offered() {
        return offered;
    }

    /** Messages handed out to working threads so far. */
    public long handedOut() {
        return handedOut;
    }

    /** Times a working thread came for a message and found none ready: the threads were not all busy. */
    public long idleWaits() {
        return idleWaits;
    }

    /** Working threads waiting for a message now. */
    public int waiting() {
        return waiting;
    }

    /** The calling thread is done with the message it took last: that message's call may go on. */
    private void finishInHand() {
        Lane<E> lane = inHand.get();
        if (lane != null) {
            inHand.remove();
            lane.running = false;
            if (lane.waiting.isEmpty()) {
                settle(lane);
            } else {
                // The caller takes one message next, so no other thread needs waking for this one.
                ready.add(lane);
            }
        }
    }

    private E handOut() {
        Lane<E> lane = ready.poll();
        lane.running = true;
        size--;
        handedOut++;
        inHand.set(lane);
        return lane.waiting.poll();
    }

    /** Forgets a lane with nothing waiting and nobody on it; one with messages left stays ready. */
    private void settle(Lane<E> lane) {
        if (lane.waiting.isEmpty()) {
            if (lane.call != null && !lane.running) {
                lanes.remove(lane.call);
            }
        } else if (!lane.running) {
            ready.add(lane);
        }
    }
}
