package io.sipsm.host.internal.prack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProvisionalSequenceTest {

    private final ProvisionalSequence sequence = new ProvisionalSequence();

    @Test
    void theFirstSetsTheNumberAndEachNextMustBeOneHigher() {
        assertTrue(sequence.accept("c1", 1, "gw", 7));
        assertTrue(sequence.accept("c1", 1, "gw", 8));
        assertTrue(sequence.accept("c1", 1, "gw", 9));
    }

    @Test
    void aRetransmissionIsNotTakenAgain() {
        assertTrue(sequence.accept("c1", 1, "gw", 7));
        assertFalse(sequence.accept("c1", 1, "gw", 7));
        assertTrue(sequence.accept("c1", 1, "gw", 8));
        assertFalse(sequence.accept("c1", 1, "gw", 7));
    }

    @Test
    void oneThatOvertookAMissingOneIsNotTaken() {
        assertTrue(sequence.accept("c1", 1, "gw", 7));
        assertFalse(sequence.accept("c1", 1, "gw", 9));
        assertTrue(sequence.accept("c1", 1, "gw", 8));
        assertTrue(sequence.accept("c1", 1, "gw", 9));
    }

    @Test
    void eachEarlyDialogOfAForkedInviteHasItsOwnSequence() {
        assertTrue(sequence.accept("c1", 1, "a", 7));
        assertTrue(sequence.accept("c1", 1, "b", 300));
        assertTrue(sequence.accept("c1", 1, "a", 8));
        assertFalse(sequence.accept("c1", 1, "b", 302));
    }

    @Test
    void theFinalResponseForgetsTheInviteAndANewInviteStartsAfresh() {
        assertTrue(sequence.accept("c1", 1, "gw", 7));
        assertTrue(sequence.accept("c1", 2, "gw", 1));
        sequence.finished("c1", 1);
        assertEquals(1, sequence.size());
        assertTrue(sequence.accept("c1", 1, "gw", 40));
    }
}
