package io.sipsm.host.internal.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CallOrderedQueueTest {

    /** A message: its call and its place in that call. */
    record Message(String call, int seq) {
    }

    private final CallOrderedQueue<Message> queue = new CallOrderedQueue<>(Message::call);

    @Test
    void theNextMessageOfACallWaitsUntilTheThreadOnItsPredecessorIsDone() throws Exception {
        queue.offer(new Message("a", 1));
        queue.offer(new Message("a", 2));
        queue.offer(new Message("b", 1));

        // This thread takes a1; another thread asking now gets b1, not a2.
        assertEquals(new Message("a", 1), queue.take());
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertEquals(new Message("b", 1), other.submit(() -> queue.take()).get(5, TimeUnit.SECONDS));
            assertNull(other.submit(() -> queue.poll(10, TimeUnit.MILLISECONDS)).get(5, TimeUnit.SECONDS),
                    "a2 is held while a1 is in hand");
            // Done with a1: a2 is next.
            assertEquals(new Message("a", 2), queue.take());
        } finally {
            other.shutdownNow();
        }
        assertEquals(0, queue.size());
    }

    @Test
    void messagesWithoutACallGoFreely() throws Exception {
        CallOrderedQueue<Message> free = new CallOrderedQueue<>(m -> null);
        free.offer(new Message("x", 1));
        free.offer(new Message("x", 2));
        assertEquals(new Message("x", 1), free.take());
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertEquals(new Message("x", 2), other.submit(() -> free.take()).get(5, TimeUnit.SECONDS));
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void peekShowsTheNextMessageHandedOutAndPollDrains() {
        queue.offer(new Message("a", 1));
        queue.offer(new Message("a", 2));
        queue.offer(new Message("b", 1));
        assertEquals(new Message("a", 1), queue.peek());
        assertEquals(3, queue.size());
        List<Message> drained = new ArrayList<>();
        assertEquals(2, queue.drainTo(drained, 2));
        assertEquals(List.of(new Message("a", 1), new Message("b", 1)), drained);
        assertEquals(new Message("a", 2), queue.poll());
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
    }

    /**
     * Issue 27: past T1 the peers retransmit every message still waiting; a copy of one still waiting is dropped
     * and counted, so the backlog does not grow with its own age. A copy of one already handed out goes on: the
     * stack answers it from its transaction.
     */
    @Test
    void aCopyOfAMessageStillWaitingIsDroppedAndCounted() throws Exception {
        CallOrderedQueue<Message> deduplicating = new CallOrderedQueue<>(Message::call, Message::equals);
        deduplicating.offer(new Message("a", 1));
        deduplicating.offer(new Message("a", 2));
        assertTrue(deduplicating.offer(new Message("a", 1)), "taken care of");
        assertTrue(deduplicating.offer(new Message("a", 2)));
        deduplicating.offer(new Message("b", 1));
        assertEquals(3, deduplicating.size());
        assertEquals(2, deduplicating.duplicates());
        assertEquals(5, deduplicating.offered() + deduplicating.duplicates());

        assertEquals(new Message("a", 1), deduplicating.poll(1, TimeUnit.SECONDS));
        deduplicating.offer(new Message("a", 1)); // handed out already: a retransmission the stack answers
        assertEquals(3, deduplicating.size());
        assertEquals(2, deduplicating.duplicates());
    }

    /** Eight threads, many calls: no two messages of a call are ever in hand at once, and each call keeps order. */
    @Test
    void underManyThreadsEachCallIsHandledInOrderAndOneAtATime() throws Exception {
        int calls = 200;
        int perCall = 20;
        int workers = 8;
        Map<String, List<Integer>> handled = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> inHand = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(calls * perCall);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        for (int w = 0; w < workers; w++) {
            pool.execute(() -> {
                try {
                    while (true) {
                        Message m = queue.take();
                        AtomicInteger busy = inHand.computeIfAbsent(m.call(), c -> new AtomicInteger());
                        if (busy.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        handled.computeIfAbsent(m.call(), c -> Collections.synchronizedList(new ArrayList<>()))
                                .add(m.seq());
                        Thread.yield();
                        busy.decrementAndGet();
                        done.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        for (int seq = 0; seq < perCall; seq++) {
            for (int c = 0; c < calls; c++) {
                queue.offer(new Message("call-" + c, seq));
            }
        }
        try {
            assertTrue(done.await(30, TimeUnit.SECONDS), "every message handled");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, overlaps.get());
        List<Integer> inOrder = new ArrayList<>();
        for (int seq = 0; seq < perCall; seq++) {
            inOrder.add(seq);
        }
        handled.values().forEach(seqs -> assertEquals(inOrder, seqs));
        assertEquals(calls, handled.size());
    }
}
