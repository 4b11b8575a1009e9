package io.sipsm.host.internal.prack;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The UAC's side of RFC 3262 section 4, for every application: per early dialog of an INVITE (Call-ID, CSeq
 * and the To tag, as forking gives each dialog its own RSeq space), the RSeq of the last reliable provisional
 * taken in order. A provisional whose RSeq is not one higher (a retransmission that crossed the PRACK, or
 * one that overtook a missing one) must be neither acknowledged nor processed further, so it is discarded
 * before any application sees it. The first reliable provisional of a dialog sets its number.
 */
final class ProvisionalSequence {

    /** Bounded: an INVITE whose final response never comes must not leak its entry. */
    private static final int MAX_INVITES = 100_000;

    /** By Call-ID and CSeq of the INVITE, then by To tag: the last RSeq taken in order. */
    private final Map<String, Map<String, Long>> invites = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Long>> eldest) {
            return size() > MAX_INVITES;
        }
    };

    /** True when the reliable provisional comes in order and is to be processed; it is then the last one. */
    synchronized boolean accept(String callId, long cseq, String toTag, long rseq) {
        Map<String, Long> dialogs = invites.computeIfAbsent(callId + ' ' + cseq, invite -> new HashMap<>(2));
        Long last = dialogs.get(toTag);
        if (last != null && rseq != last + 1) {
            return false;
        }
        dialogs.put(toTag, rseq);
        return true;
    }

    /** The INVITE got its final response: its early dialogs are over. */
    synchronized void finished(String callId, long cseq) {
        invites.remove(callId + ' ' + cseq);
    }

    synchronized int size() {
        return invites.size();
    }
}
