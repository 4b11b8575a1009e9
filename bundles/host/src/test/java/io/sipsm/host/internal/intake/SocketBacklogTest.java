package io.sipsm.host.internal.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SocketBacklogTest {

    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SocketBacklog backlog = new SocketBacklog(bytes::get, nanos::get);

    @Test
    void readsTheReceiveQueueOfThePortFromTheSocketTable() {
        String table = """
                  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
                 1234: 0000000000000000FFFF00000100007F:3AC4 00000000000000000000000000000000:0000 07 00000000:007BD000 00:00000000 00000000     0        0 5 2 0 43751
                 1235: 0000000000000000FFFF00000100007F:3ACE 00000000000000000000000000000000:0000 07 00000000:00000500 00:00000000 00000000     0        0 6 2 0 0
                """;

        assertEquals(0x7BD000, SocketBacklog.queuedBytes(table, 15044));
        assertEquals(0, SocketBacklog.queuedBytes(table, 5060));
    }

    @Test
    void aBacklogIsTheTimeSinceTheBufferWasLastSeenNearlyEmpty() {
        assertEquals(0, backlog.millis());
        bytes.set(SocketBacklog.BACKLOG_BYTES);
        advanceMillis(10);
        assertEquals(0, backlog.millis());
        for (int i = 0; i < 30; i++) {
            advanceMillis(10);
            backlog.millis();
        }
        assertEquals(300, backlog.millis());
        bytes.set(SocketBacklog.BACKLOG_BYTES - 1);
        advanceMillis(10);
        assertEquals(0, backlog.millis());
    }

    @Test
    void betweenSamplesTheLastOneHolds() {
        bytes.set(SocketBacklog.BACKLOG_BYTES);
        backlog.millis();
        advanceMillis(10);
        backlog.millis();
        bytes.set(0);
        advanceMillis(5);
        // Not sampled again yet: still backlogged, for 15 ms now.
        assertEquals(15, backlog.millis());
    }

    @Test
    void aQuietSpellWithoutSamplesIsNoBacklog() {
        bytes.set(SocketBacklog.BACKLOG_BYTES);
        backlog.millis();
        advanceMillis(2_000);
        // Two seconds unsampled: whatever is queued now has not been seen piling up since.
        assertEquals(0, backlog.millis());
        advanceMillis(20);
        assertEquals(20, backlog.millis());
    }

    private void advanceMillis(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }
}
