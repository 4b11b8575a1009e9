package io.sipsm.sessiontimer.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The record a leg leaves with the host for the next revision of the bundle. */
class LegRecordTest {

    final LegRecord timer = new LegRecord(new SessionTerms(Duration.ofSeconds(150), true, true), 4,
            Duration.ofSeconds(90), Duration.ofSeconds(7200), true, 1_000_000_000L, 2_000_000_000L, LegRecord.NONE,
            3, 7, "v=0\r\no=host 1\r\n".getBytes(StandardCharsets.UTF_8), "application/sdp", true);

    @Test
    void aSessionTimerLegSurvivesTheRoundTrip() {
        LegRecord back = LegRecord.decode(timer.encode());
        assertEquals(timer.terms(), back.terms());
        assertEquals(4, back.segment());
        assertEquals(Duration.ofSeconds(90), back.minSe());
        assertEquals(1_000_000_000L, back.refreshDue());
        assertEquals(2_000_000_000L, back.expiryDue());
        assertEquals(LegRecord.NONE, back.refreshSent());
        assertEquals(3, back.localCSeq());
        assertEquals(7, back.remoteCSeq());
        assertArrayEquals(timer.sdp(), back.sdp());
        assertTrue(back.useUpdate() && back.peerAllowsUpdate());
        assertTrue(back.sameDueTimes(timer));
    }

    @Test
    void aKeepAliveLegWithoutSdpHasNoTermsAndNoExpiry() {
        LegRecord keepAlive = new LegRecord(null, 4, Duration.ofSeconds(90), Duration.ofSeconds(60), false, -5L,
                LegRecord.NONE, -9L, -1, -1, null, "application/sdp", false);
        LegRecord back = LegRecord.decode(keepAlive.encode());
        assertNull(back.terms());
        assertNull(back.sdp());
        assertEquals(-5L, back.refreshDue(), "nanoTime instants may be negative");
        assertEquals(LegRecord.NONE, back.expiryDue());
        assertEquals(-9L, back.refreshSent());
        assertEquals(Duration.ofSeconds(60), back.keepAliveInterval());
    }

    @Test
    void anotherFormatOrAMissingFieldIsRefusedNotGuessed() {
        Map<String, String> future = new HashMap<>(timer.encode());
        future.put("v", "3");
        assertThrows(IllegalArgumentException.class, () -> LegRecord.decode(future));
        Map<String, String> broken = new HashMap<>(timer.encode());
        broken.put("leg", broken.get("leg").substring(0, broken.get("leg").lastIndexOf(',')));
        assertThrows(IllegalArgumentException.class, () -> LegRecord.decode(broken));
        Map<String, String> garbled = new HashMap<>(timer.encode());
        garbled.put("leg", garbled.get("leg").replace("2000000000", "soon"));
        assertThrows(IllegalArgumentException.class, () -> LegRecord.decode(garbled));
        Map<String, String> none = new HashMap<>(timer.encode());
        none.remove("leg");
        assertThrows(IllegalArgumentException.class, () -> LegRecord.decode(none));
    }

    @Test
    void aRecordOfTheFormerFormatIsStillTakenUpAfterAnUpdate() {
        Map<String, String> former = new HashMap<>();
        former.put("v", "1");
        former.put("interval.ms", "150000");
        former.put("refresher", "host");
        former.put("peer.timer", "true");
        former.put("segment", "4");
        former.put("min-se.ms", "90000");
        former.put("keep-alive.ms", "7200000");
        former.put("by-update", "true");
        former.put("refresh.due", "1000000000");
        former.put("expiry.due", "2000000000");
        former.put("cseq.local", "3");
        former.put("cseq.remote", "7");
        former.put("sdp", java.util.Base64.getEncoder().encodeToString(timer.sdp()));
        former.put("sdp.type", "application/sdp");
        former.put("peer.update", "true");

        LegRecord back = LegRecord.decode(former);

        assertEquals(timer.terms(), back.terms());
        assertTrue(back.sameDueTimes(timer));
        assertArrayEquals(timer.sdp(), back.sdp());
        assertEquals(3, back.localCSeq());
        assertEquals(7, back.remoteCSeq());
        assertTrue(back.useUpdate() && back.peerAllowsUpdate());
    }

    @Test
    void theMediaIsKeptByteForByteAndAnUnusualTypeWithIt() {
        byte[] binary = {'v', '=', '0', '\r', '\n', (byte) 0xE9, (byte) 0xFF, 0, ','};
        LegRecord odd = new LegRecord(null, 4, Duration.ofSeconds(90), Duration.ofSeconds(60), false, 1L,
                LegRecord.NONE, LegRecord.NONE, 1, 1, binary, "application/sdp; charset=utf-8", false);

        LegRecord back = LegRecord.decode(odd.encode());

        assertArrayEquals(binary, back.sdp());
        assertEquals("application/sdp; charset=utf-8", back.sdpType());
        assertEquals(4, odd.encode().size(), "the unusual type kept: " + odd.encode().keySet());
        assertEquals(java.util.Set.of("v", "leg", "sdp"), timer.encode().keySet(), "plain application/sdp");
    }

    @Test
    void timeLeftIsCountedFromNowAndNeverNegative() {
        assertEquals(Duration.ofSeconds(15), LegRecord.left(45_000_000_000L, 30_000_000_000L));
        assertEquals(Duration.ZERO, LegRecord.left(45_000_000_000L, 50_000_000_000L));
    }

    @Test
    void otherDueTimesMeanSomebodyElseWroteTheRecord() {
        LegRecord refreshed = new LegRecord(timer.terms(), 4, timer.minSe(), timer.keepAliveInterval(), true,
                5_000_000_000L, 6_000_000_000L, LegRecord.NONE, 3, 7, timer.sdp(), timer.sdpType(), true);
        assertTrue(!refreshed.sameDueTimes(timer));
    }
}
