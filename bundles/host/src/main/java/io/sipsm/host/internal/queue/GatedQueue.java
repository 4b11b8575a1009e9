package io.sipsm.host.internal.queue;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A blocking queue whose producers go through a gate: an element the gate keeps is dealt with there and never
 * queued. Everything else goes to the queue it wraps, so whoever else holds that queue (the stack's auditor of
 * stale messages) still sees every element queued.
 */
public final class GatedQueue<E> extends AbstractQueue<E> implements BlockingQueue<E> {

    private final BlockingQueue<E> queue;
    private final Predicate<E> gate;

    /** @param gate true to queue the element, false when the gate dealt with it */
    public GatedQueue(BlockingQueue<E> queue, Predicate<E> gate) {
        this.queue = queue;
        this.gate = gate;
    }

    /** Accepted: queued, or taken care of by the gate. */
    @Override
    public boolean offer(E element) {
        return !gate.test(element) || queue.offer(element);
    }

    @Override
    public boolean offer(E element, long timeout, TimeUnit unit) throws InterruptedException {
        return !gate.test(element) || queue.offer(element, timeout, unit);
    }

    @Override
    public void put(E element) throws InterruptedException {
        if (gate.test(element)) {
            queue.put(element);
        }
    }

    @Override
    public E take() throws InterruptedException {
        return queue.take();
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    @Override
    public E poll() {
        return queue.poll();
    }

    @Override
    public E peek() {
        return queue.peek();
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public int remainingCapacity() {
        return queue.remainingCapacity();
    }

    @Override
    public int drainTo(Collection<? super E> target) {
        return queue.drainTo(target);
    }

    @Override
    public int drainTo(Collection<? super E> target, int maxElements) {
        return queue.drainTo(target, maxElements);
    }

    @Override
    public Iterator<E> iterator() {
        return queue.iterator();
    }
}
