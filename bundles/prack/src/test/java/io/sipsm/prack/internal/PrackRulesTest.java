package io.sipsm.prack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PrackRulesTest {

    @Test
    void callerRequiring100relIsRejectedOnlyWhenTheFeatureIsOff() {
        assertEquals(PrackRules.InviteVerdict.REJECT_UNSUPPORTED, PrackRules.invite(false, List.of("100rel")));
        assertEquals(PrackRules.InviteVerdict.REJECT_UNSUPPORTED, PrackRules.invite(false, List.of("timer", " 100REL ")));
        assertEquals(PrackRules.InviteVerdict.ACCEPT, PrackRules.invite(true, List.of("100rel")));
        assertEquals(PrackRules.InviteVerdict.ACCEPT, PrackRules.invite(false, List.of("timer")));
        assertEquals(PrackRules.InviteVerdict.ACCEPT, PrackRules.invite(false, List.of()));
    }

    @Test
    void onlyRingingAndSessionProgressGoReliablyAndOnlyWhenEnabled() {
        assertTrue(PrackRules.sendReliably(true, 180));
        assertTrue(PrackRules.sendReliably(true, 183));
        assertFalse(PrackRules.sendReliably(true, 181));
        assertFalse(PrackRules.sendReliably(true, 100));
        assertFalse(PrackRules.sendReliably(false, 180));
    }

    @Test
    void offeringIsTakenOutOfTheSupportedTagsAndTheOthersKept() {
        assertEquals(List.of("timer", "replaces"), PrackRules.without(List.of("timer", " 100REL", "replaces"), "100rel"));
        assertEquals(List.of(), PrackRules.without(List.of("100rel"), "100rel"));
    }

    @Test
    void anInviteWithoutToTagStartsADialog() {
        assertTrue(PrackRules.isInitial("<sip:bob@127.0.0.1>"));
        assertTrue(PrackRules.isInitial(null));
        assertFalse(PrackRules.isInitial("<sip:bob@127.0.0.1>;tag=a1"));
    }
}
