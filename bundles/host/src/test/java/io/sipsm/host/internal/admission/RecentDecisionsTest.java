package io.sipsm.host.internal.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RecentDecisionsTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final RecentDecisions decisions = new RecentDecisions(now::get);

    @Test
    void aDecisionIsKnownForAtLeastOneWindowAndForgottenAfterTwo() {
        decisions.remember("z9hG4bK-refused", false);
        decisions.remember("z9hG4bK-admitted", true);
        assertEquals(false, decisions.decided("z9hG4bK-refused"));
        assertEquals(true, decisions.decided("z9hG4bK-admitted"));
        assertNull(decisions.decided("z9hG4bK-new"));

        now.addAndGet(RecentDecisions.WINDOW.toNanos() - 1);
        assertEquals(false, decisions.decided("z9hG4bK-refused"), "within the first window");
        now.addAndGet(1);
        assertEquals(false, decisions.decided("z9hG4bK-refused"), "in the previous generation for one more window");
        now.addAndGet(RecentDecisions.WINDOW.toNanos());
        assertNull(decisions.decided("z9hG4bK-refused"));
        assertNull(decisions.decided("z9hG4bK-admitted"));
    }

    @Test
    void aFloodStartsTheNextGenerationEarlySoMemoryStaysBounded() {
        for (int i = 0; i < RecentDecisions.MAX_PER_GENERATION; i++) {
            decisions.remember("t" + i, false);
        }
        decisions.remember("one more", false);
        assertEquals(false, decisions.decided("t0"), "the full generation is now the previous one");
        for (int i = 0; i < RecentDecisions.MAX_PER_GENERATION; i++) {
            decisions.remember("u" + i, true);
        }
        decisions.remember("and another", true);
        assertNull(decisions.decided("t0"), "two generations at most");
        assertEquals(false, decisions.decided("one more"));
    }
}
