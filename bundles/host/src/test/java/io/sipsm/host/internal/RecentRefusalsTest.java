package io.sipsm.host.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RecentRefusalsTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final RecentRefusals refusals = new RecentRefusals(now::get);

    @Test
    void aRefusedTransactionIsKnownForAtLeastOneWindowAndForgottenAfterTwo() {
        refusals.add("z9hG4bK-1");
        assertTrue(refusals.contains("z9hG4bK-1"));
        assertFalse(refusals.contains("z9hG4bK-2"));

        now.addAndGet(RecentRefusals.WINDOW.toNanos() - 1);
        assertTrue(refusals.contains("z9hG4bK-1"), "within the first window");
        now.addAndGet(1);
        assertTrue(refusals.contains("z9hG4bK-1"), "in the previous generation for one more window");
        now.addAndGet(RecentRefusals.WINDOW.toNanos());
        assertFalse(refusals.contains("z9hG4bK-1"));
    }

    @Test
    void aFloodStartsTheNextGenerationEarlySoMemoryStaysBounded() {
        for (int i = 0; i < RecentRefusals.MAX_PER_GENERATION; i++) {
            refusals.add("t" + i);
        }
        refusals.add("one more");
        assertTrue(refusals.contains("t0"), "the full generation is now the previous one");
        for (int i = 0; i < RecentRefusals.MAX_PER_GENERATION; i++) {
            refusals.add("u" + i);
        }
        refusals.add("and another");
        assertFalse(refusals.contains("t0"), "two generations at most");
        assertTrue(refusals.contains("one more"));
    }
}
