package io.sipsm.host.internal.rtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sipsm.host.HostStatus;
import io.sipsm.host.ResendSchedule;
import io.sipsm.host.internal.settings.SettingReader;

class LearnedT1Test {

    private static final ResendSchedule STANDARD = ResendSchedule.of(List.of(ms(500), ms(1000), ms(2000), ms(4000),
            ms(4000)), 5);

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    private static LearnedT1 learning(String peers) {
        LearnedT1 learned = new LearnedT1();
        learned.configure(new LearnedT1Settings(List.of(peers.split(",")), 500, 4000));
        return learned;
    }

    @Test
    void smoothsAsRfc6298() {
        RoundTripEstimate e = new RoundTripEstimate();
        e.sample(ms(600));
        assertEquals(ms(600), e.smoothed());
        assertEquals(ms(300), e.variation());
        assertEquals(ms(1800), e.timeout());
        e.sample(ms(600));
        assertEquals(ms(600), e.smoothed());
        assertEquals(ms(225), e.variation());
        assertEquals(ms(1500), e.timeout());
        e.sample(ms(200));
        assertEquals(ms(550), e.smoothed(), "7/8 of 600 + 1/8 of 200");
        assertEquals(Duration.ofNanos(268_750_000), e.variation(), "3/4 of 225 + 1/4 of 400");
    }

    @Test
    void aSlowGatewaysListIsScaledSoThatItsAnswerComesBeforeTheFirstRetransmission() {
        LearnedT1 learned = learning("127.0.0.1:5070");
        assertSame(STANDARD, learned.adjust(STANDARD, "127.0.0.1", 5070), "nothing measured yet");

        learned.sample("127.0.0.1", 5070, ms(600));

        ResendSchedule scaled = learned.adjust(STANDARD, "127.0.0.1", 5070);
        assertEquals(ms(1800), scaled.due(1), "T1 = 600 + 4 x 300 ms");
        assertEquals(List.of(ms(1800), ms(3600), ms(7200), ms(14_400), ms(14_400)), scaled.waits());
        assertEquals(List.of(new HostStatus.LearnedT1("127.0.0.1:5070", ms(600), ms(300), ms(1800), 1)),
                learned.snapshot());
    }

    @Test
    void t1StaysWithinTheFloorAndTheCeiling() {
        LearnedT1 learned = learning("*");
        learned.sample("10.0.0.1", 5060, ms(1));
        learned.sample("10.0.0.2", 5060, ms(5000));
        assertSame(STANDARD, learned.adjust(STANDARD, "10.0.0.1", 5060), "a fast peer keeps the floor, 500 ms");
        assertEquals(ms(4000), learned.adjust(STANDARD, "10.0.0.2", 5060).due(1), "a slow one gets the ceiling");
    }

    @Test
    void onlyListedPeersAreLearnedAndDelistedOnesForgotten() {
        LearnedT1 learned = learning("192.0.2.7");
        assertTrue(learned.learns("192.0.2.7", 5060), "an address without port covers every port");
        assertFalse(learned.learns("192.0.2.8", 5060));
        learned.sample("192.0.2.8", 5060, ms(900));
        learned.sample("192.0.2.7", 5080, ms(900));
        assertEquals(1, learned.snapshot().size());
        learned.configure(LearnedT1Settings.DEFAULTS);
        assertEquals(List.of(), learned.snapshot());
        assertFalse(learned.learns("192.0.2.7", 5080), "off by default");
    }

    @Test
    void eachKeyIsValidatedAndABadValueKeepsTheLastGoodOne() {
        LearnedT1Settings good = new LearnedT1Settings(List.of("*"), 300, 2000);
        SettingReader reader = new SettingReader(Map.of("t1.learned.peers", "gateway.example.com",
                "t1.learned.floor.ms", "2000", "t1.learned.ceiling.ms", "500"));

        assertEquals(good, LearnedT1Settings.read(reader, good));
        assertEquals(List.of(
                "t1.learned.peers=gateway.example.com rejected: 'gateway.example.com' is not *, an IP address or an IP"
                        + " address:port (names are not resolved)",
                "t1.learned.floor.ms=2000 rejected: must be between 50 and 1000",
                "t1.learned.ceiling.ms=500 rejected: must be between 1000 and 60000"),
                reader.refusals().stream().map(Object::toString).toList());
        SettingReader valid = new SettingReader(Map.of("t1.learned.peers", "127.0.0.1:5070,[::1]:5070, 10.0.0.9"));
        assertEquals(List.of("127.0.0.1:5070", "[::1]:5070", "10.0.0.9"),
                LearnedT1Settings.read(valid, good).peers());
    }
}
