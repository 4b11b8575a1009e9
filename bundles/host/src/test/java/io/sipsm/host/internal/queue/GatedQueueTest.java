package io.sipsm.host.internal.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class GatedQueueTest {

    @Test
    void whatTheGateKeepsIsAcceptedButNeverQueued() throws InterruptedException {
        LinkedBlockingQueue<Integer> underlying = new LinkedBlockingQueue<>();
        List<Integer> kept = new ArrayList<>();
        GatedQueue<Integer> queue = new GatedQueue<>(underlying, n -> {
            if (n % 2 == 0) {
                return true;
            }
            kept.add(n);
            return false;
        });

        for (int n = 0; n < 6; n++) {
            assertTrue(queue.offer(n));
        }
        queue.put(6);
        queue.put(7);

        assertEquals(List.of(1, 3, 5, 7), kept);
        assertEquals(List.of(0, 2, 4, 6), new ArrayList<>(underlying));
        assertEquals(4, queue.size());
        assertEquals(0, queue.peek());
        assertEquals(0, queue.take());
        assertEquals(2, queue.poll(1, TimeUnit.MILLISECONDS));
        assertEquals(4, queue.poll());
        assertEquals(6, queue.poll());
        assertNull(queue.poll());
    }
}
