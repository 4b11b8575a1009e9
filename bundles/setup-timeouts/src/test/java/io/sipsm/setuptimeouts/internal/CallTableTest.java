package io.sipsm.setuptimeouts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.sipsm.config.SipSettings;
import io.sipsm.host.testing.ManualScheduler;

class CallTableTest {

    private final ManualScheduler clock = new ManualScheduler();
    private final CallTable table = new CallTable(2, clock::nanoTime);

    private CallRecord record(String callId) {
        return new CallRecord(callId, SipSettings.DEFAULTS, new SetupDeadlines(SipSettings.DEFAULTS, 500),
                clock.nanoTime());
    }

    @Test
    void arrivalsAreBoundedAndForgottenWhenNobodyClaimsThem() {
        assertTrue(table.arrived("a", "d", "s"));
        assertTrue(table.arrived("b", "d", "s"));
        assertFalse(table.arrived("c", "d", "s"), "full");

        clock.advance(CallTable.ARRIVAL_TTL);

        assertNull(table.claimArrival("a"));
        assertEquals(0, table.pendingArrivals());
        assertTrue(table.arrived("c", "d", "s"));
    }

    @Test
    void aClaimedArrivalIsGone() {
        table.arrived("a", "acme.example.com", "192.0.2.7");

        CallTable.Arrival arrival = table.claimArrival("a");

        assertNotNull(arrival);
        assertEquals("acme.example.com", arrival.requestDomain());
        assertNull(table.claimArrival("a"));
    }

    @Test
    void callsAreBoundedAndFoundByEveryLeg() {
        CallRecord first = record("a");
        assertTrue(table.add(first));
        assertTrue(table.add(record("b")));
        assertFalse(table.add(record("c")), "full");
        assertEquals(2, table.activeCalls());

        table.link("a-leg", first);
        assertSame(first, table.find("a-leg"));
    }

    @Test
    void releaseForgetsEveryCallIdOfTheCall() {
        CallRecord call = record("a");
        table.add(call);
        call.addAttempt("a-leg", new GatewayAttempt(new Fixtures.Leg("a-leg", false, null).leg));
        table.link("a-leg", call);

        synchronized (call) {
            table.release(call);
            table.release(call);
        }

        assertNull(table.find("a"));
        assertNull(table.find("a-leg"));
        assertEquals(0, table.activeCalls());
        assertTrue(call.isReleased());
    }

    @Test
    void aDuplicateCallIsRefusedWithoutCountingIt() {
        table.add(record("a"));

        assertFalse(table.add(record("a")));
        assertEquals(1, table.activeCalls());
        clock.advance(Duration.ofSeconds(1));
    }
}
