package io.sipsm.host.internal.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sipsm.host.OverloadStatus;
import io.sipsm.host.internal.settings.SettingReader;

class OverloadControlTest {

    /** Gauges whose values the test sets. */
    static final class FixedGauges extends OverloadGauges {
        long queueDelay;
        long serverTransactions;
        ServiceCounters service = new ServiceCounters(0, 0, 0, 0);

        FixedGauges() {
            super(() -> 0, () -> 0);
        }

        @Override
        long queueDelayMillis() {
            return queueDelay;
        }

        @Override
        long serverTransactions() {
            return serverTransactions;
        }

        @Override
        ServiceCounters serviceCounters() {
            return service;
        }

        @Override
        long dialogs() {
            return 0;
        }

        @Override
        int heapPercentAfterGc() {
            return 0;
        }
    }

    private long now = 1_000_000_000L;
    private final OverloadControl control = new OverloadControl(() -> now);
    private final FixedGauges gauges = new FixedGauges();

    OverloadControlTest() {
        control.attach(gauges);
        control.callsRoutedWhen(() -> true);
        configure(Map.of("overload.server.transactions", "10", "overload.queue.delay.ms", "100"));
    }

    @Test
    void refusesAtTheLimitAndAcceptsAgainOnlyBelowTheResumeLevel() {
        gauges.serverTransactions = 9;
        assertTrue(control.admitInitialRequest());
        gauges.serverTransactions = 10;
        assertFalse(control.admitInitialRequest());
        gauges.serverTransactions = 9; // 90 %: still above the 80 % resume level
        assertFalse(control.admitInitialRequest());
        gauges.serverTransactions = 7;
        assertTrue(control.admitInitialRequest());

        OverloadStatus.Snapshot s = control.snapshot();
        assertEquals(2, s.accepted());
        assertEquals(2, s.refused());
        assertFalse(s.refusing());
        assertEquals(70, s.levelPercent());
    }

    @Test
    void drainingRefusesEveryInitialRequestAndProbeWhateverTheLoadUntilResumed() {
        configure(Map.of("overload.enabled", "false"));
        assertTrue(control.admitInitialRequest());
        assertTrue(control.acceptingForProbe());

        control.drain(true);
        assertTrue(control.draining());
        assertFalse(control.admitInitialRequest());
        assertFalse(control.acceptingForProbe());
        assertTrue(control.snapshot().refusing());
        assertEquals(0, control.snapshot().admitPercent());

        control.drain(false);
        assertFalse(control.draining());
        assertTrue(control.admitInitialRequest());
        assertTrue(control.acceptingForProbe());
        assertEquals(1, control.snapshot().refused());
    }

    @Test
    void aMemoryBoundRefusesEveryInitialRequest() {
        gauges.serverTransactions = 10;
        for (int i = 0; i < 20; i++) {
            assertFalse(control.admitInitialRequest());
        }
        OverloadStatus.Snapshot s = control.snapshot();
        assertTrue(s.refusing());
        assertEquals(0, s.admitPercent());
        assertFalse(control.acceptingForProbe());
    }

    @Test
    void everyCopyOfARequestGetsItsFirstCopysDecisionAndIsCountedOnce() {
        gauges.serverTransactions = 10;
        assertFalse(control.admit("z9hg4bk-refused"));
        gauges.serverTransactions = 0;
        assertTrue(control.admit("z9hg4bk-accepted"));
        gauges.serverTransactions = 10;
        assertTrue(control.admit("z9hg4bk-accepted"), "a copy of an accepted call is never refused");
        gauges.serverTransactions = 0;
        assertFalse(control.admit("z9hg4bk-refused"), "a copy of a refused call is refused again");

        OverloadStatus.Snapshot s = control.snapshot();
        assertEquals(1, s.accepted());
        assertEquals(1, s.refused());
    }

    private long queued;
    private long handed;

    /**
     * 100 ms of calls at 1,000 a second, each bringing five messages to the queue; busy: the threads had work
     * waiting throughout and handled 5,000 messages a second, else they handled what came. Returns the calls
     * admitted.
     */
    private int window(boolean busy) {
        int admitted = offerCalls(0);
        handed = busy ? handed + 500 : queued;
        return admitted;
    }

    /**
     * Like {@link #window} at 1,000 calls/s, the threads busy with a standing backlog of 100 messages: they
     * handle what comes, as a host at its capacity does.
     */
    private int backloggedWindow() {
        int admitted = offerCalls(100);
        handed = queued;
        return admitted;
    }

    /** 100 calls, one a millisecond, with this many messages waiting beyond those queued; returns those admitted. */
    private int offerCalls(long standingBacklog) {
        gauges.service = new OverloadGauges.ServiceCounters(queued + standingBacklog, handed, 0, 0);
        int admitted = 0;
        for (int call = 0; call < 100; call++) {
            now += 1_000_000L;
            if (control.admitInitialRequest()) {
                admitted++;
            }
        }
        queued += 5L * admitted;
        return admitted;
    }

    @Test
    void newCallsAreCappedAtTheShareOfTheMeasuredCapacityFromTheFirstSignOfLag() {
        // Three busy seconds at 1,000 calls/s: a capacity of 5,000 / 5 = 1,000 calls/s.
        configure(Map.of("overload.capacity.percent", "50"));
        handed = CallCapacity.WARM_UP_MESSAGES;
        queued = handed + 100;
        for (int i = 0; i < 30; i++) {
            assertEquals(100, window(true), "no lag, no ceiling");
        }
        OverloadStatus.Gauge rate = control.snapshot().gauges().get(1);
        assertEquals("calls.per.second", rate.name());
        assertEquals(500, rate.limit(), 25, "the ceiling that would hold");
        assertFalse(control.snapshot().refusing());

        // The queue delay at a quarter of its limit: of a second at 1,000 calls/s, about half is admitted.
        gauges.queueDelay = 60;
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            admitted += window(false);
        }
        assertEquals(500 + 500 * RateCeiling.BURST_SECONDS, admitted, 60);
        OverloadStatus.Snapshot s = control.snapshot();
        assertTrue(s.refusing());
        assertEquals(50, s.admitPercent(), 10);
        assertFalse(control.acceptingForProbe(), "a host at its ceiling is not up for a proxy");
        assertEquals(500, s.gauges().get(1).limit(), 25);

        // No lag again: the ceiling holds while it refuses, and lets go once it has refused nothing for a while.
        gauges.queueDelay = 0;
        assertTrue(window(false) < 100, "still held");
        now += OverloadControl.CEILING_HOLD_NANOS;
        assertEquals(100, window(false), "let go");
    }

    @Test
    void aQueueDelayRisingPastHalfItsLimitBoundsTheCallRateBelowWhatCausedItAndTheProbeSays503() {
        // The measured capacity unchecked: only the lag bounds the rate. Five seconds at 1,000 calls/s.
        configure(Map.of("overload.capacity.percent", "0", "overload.queue.delay.ms", "200"));
        for (int i = 0; i < 50; i++) {
            assertEquals(100, backloggedWindow());
        }
        gauges.queueDelay = 100;
        assertEquals(100, backloggedWindow(), "half the limit, risen once: no cut yet");
        gauges.queueDelay = 110;
        backloggedWindow(); // risen twice: the first cut, 90 % of the 1,000 calls/s carried, a full bucket to start
        assertEquals(900, control.snapshot().gauges().get(1).limit(), 10);
        assertTrue(control.sheddingReason().contains("over the calls.per.second limit=")
                && control.sheddingReason().contains("set by the lag bound"),
                control.sheddingReason());
        for (int i = 0; i < 9; i++) {
            backloggedWindow();
        }
        gauges.queueDelay = 105; // lower than at the first cut: no second cut
        for (int i = 0; i < 10; i++) {
            backloggedWindow(); // the bucket's burst is spent
        }
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            admitted += backloggedWindow();
        }
        assertEquals(900, admitted, 30, "a second at the bound");
        gauges.queueDelay = 110; // as high as at the last cut, a second later: cut again
        backloggedWindow();
        assertEquals(900 * LagRateBound.CUT, control.snapshot().gauges().get(1).limit(), 15);
        OverloadStatus.Snapshot s = control.snapshot();
        assertTrue(s.refusing());
        assertEquals(81, s.admitPercent(), 3);
        assertTrue(s.levelPercent() >= 110, "the call rate against its new ceiling");
        assertEquals(OverloadStatus.Intake.SHEDDING, control.intake());
        assertFalse(control.acceptingForProbe(), "a host that sheds calls is not up for a proxy");

        // Keeping up while refusing: the bound grows; refusing nothing for a while, it is let go.
        gauges.queueDelay = 10;
        for (int i = 0; i < 10; i++) {
            backloggedWindow();
        }
        long grown = control.snapshot().gauges().get(1).limit();
        assertTrue(grown >= 1_000 && grown <= 810 * Math.exp(LagRateBound.growthPerSecond(5)) + 15,
                "grown back over the load within a second: " + grown);
        now += OverloadControl.CEILING_HOLD_NANOS;
        assertEquals(100, backloggedWindow(), "let go");
        assertTrue(control.acceptingForProbe());
        assertFalse(control.snapshot().refusing());
        assertEquals(0, control.snapshot().gauges().get(1).limit(), "no ceiling");
    }

    /**
     * Issue 20: a lag bound cut at the load itself (a stall of the machine's other processes), while the calls come
     * in clumps, as a proxy forwards them: on average fewer than the bound, but each clump overflows the bucket. A
     * host that keeps up and still refuses has a bound too low: it grows until nothing is refused, then lets go.
     */
    @Test
    void aBoundThatRefusesClumpsOfCallsWhileTheHostKeepsUpGrowsUntilNoneIsRefused() {
        configure(Map.of("overload.capacity.percent", "0", "overload.queue.delay.ms", "200"));
        for (int i = 0; i < 50; i++) {
            assertEquals(100, backloggedWindow());
        }
        gauges.queueDelay = 100;
        backloggedWindow();
        gauges.queueDelay = 110;
        backloggedWindow();
        assertEquals(900, control.snapshot().gauges().get(1).limit(), 10, "cut to 90 % of the 1,000 calls/s carried");

        // The lag lasts a while longer (no new cut: the delay is below the last cut's); 500 calls/s evenly, all
        // taken. Then the host keeps up (the queue empty), and 400 calls come at once every 500 ms, 800 a second
        // on average.
        gauges.queueDelay = 104;
        for (int call = 0; call < 750; call++) {
            now += 2_000_000L;
            assertTrue(control.admitInitialRequest(), "under the bound, evenly");
        }
        gauges.queueDelay = 0;
        int refusedFirst = 0;
        int refusedLater = 0;
        for (int clump = 0; clump < 20; clump++) {
            now += 500_000_000L;
            int admitted = 0;
            for (int call = 0; call < 400; call++) {
                now += 10_000L;
                if (control.admitInitialRequest()) {
                    admitted++;
                }
            }
            if (clump < 4) {
                refusedFirst += 400 - admitted;
            } else {
                refusedLater += 400 - admitted;
            }
        }
        assertTrue(refusedFirst > 0, "the first clumps overflow the bucket of the bound cut");
        assertEquals(0, refusedLater, "grown past the clumps");
        now += OverloadControl.CEILING_HOLD_NANOS;
        assertTrue(control.admitInitialRequest());
        assertTrue(control.acceptingForProbe(), "let go");
        assertEquals(0, control.snapshot().gauges().get(1).limit(), "no ceiling");
    }

    @Test
    void aLagWhileThreadsWaitForWorkIsNoReasonToBoundTheRate() {
        configure(Map.of("overload.capacity.percent", "0", "overload.queue.delay.ms", "200"));
        for (int i = 0; i < 50; i++) {
            assertEquals(100, window(false));
        }
        gauges.queueDelay = 150; // a pause, or a call whose messages wait their turn
        for (int i = 0; i < 20; i++) {
            assertEquals(100, window(false));
        }
    }

    /**
     * Issue 27: a host carrying 1,000 calls/s well within its means lags once by a pause (a collection, another
     * process on the cores): 144 ms against a limit of 200, its threads busy while they catch up. Nothing is
     * refused: the delay jumped once and falls.
     */
    @Test
    void aPauseBelowTheLimitRefusesNothing() {
        configure(Map.of("overload.capacity.percent", "0", "overload.queue.delay.ms", "200"));
        for (int i = 0; i < 50; i++) {
            assertEquals(100, backloggedWindow());
        }
        for (long delay = 144; delay > 0; delay -= 12) {
            gauges.queueDelay = delay;
            assertEquals(100, backloggedWindow(), "at " + delay + " ms");
        }
        assertFalse(control.snapshot().refusing());
        assertEquals(0, control.snapshot().refused());
    }

    /**
     * A pause of the whole host past the queue delay's limit: the delay jumped once and falls, so calls go on;
     * a delay that stays at its limit for as long again as the limit while the threads work refuses every new call.
     */
    @Test
    void aPausePastTheLimitRefusesNothingUntilTheDelayStands() {
        configure(Map.of("overload.queue.delay.ms", "200"));
        assertTrue(control.admitInitialRequest());
        now += 100_000_000L;
        gauges.queueDelay = 209;
        assertTrue(control.admitInitialRequest(), "jumped once");
        now += 100_000_000L;
        gauges.queueDelay = 150;
        assertTrue(control.admitInitialRequest(), "falling");
        for (int sample = 0; sample < 4; sample++) {
            now += 50_000_000L;
            working();
            gauges.queueDelay = 400 + 50 * sample;
            assertTrue(control.admitInitialRequest(), "at its limit for " + 50 * sample + " ms");
        }
        now += 50_000_000L;
        working();
        gauges.queueDelay = 600;
        assertFalse(control.admitInitialRequest(), "at its limit for 200 ms, the threads at work");
        assertFalse(control.acceptingForProbe());
        assertTrue(control.sheddingReason().contains("queue.delay.ms"), control.sheddingReason());
        assertEquals(1, control.snapshot().refused());
        gauges.queueDelay = 20;
        assertTrue(control.admitInitialRequest(), "drained");
    }

    /**
     * ClusterIT, load average 9.5: a host carrying 20 calls/s, nothing measured yet, its threads stalled while the
     * other host booted and the reader went on reading. The delay rose past its limit, stood there 200 ms and more
     * with the threads taking nothing, and fell again once they ran: no call refused (1 was when a standing delay
     * sufficed, 6 when a rising one did). A stall that outlasts the callers' patience still refuses.
     */
    @Test
    void aStallOfTheThreadsRefusesNoCallUntilItOutlastsTheCallers() {
        configure(Map.of("overload.queue.delay.ms", "200"));
        for (int call = 0; call < 40; call++) {
            now += 50_000_000L;
            int inStall = call - 20;
            boolean stalled = inStall >= 0 && inStall * 50 <= 450;
            if (!stalled) {
                working();
            }
            gauges.queueDelay = stalled ? inStall * 50 + 13 : 0;
            assertTrue(control.admitInitialRequest(), "call " + call + " at " + gauges.queueDelay + " ms");
        }
        for (long delay = 200; delay < 1_000; delay += 50) {
            now += 50_000_000L;
            gauges.queueDelay = delay;
            assertTrue(control.admitInitialRequest(), "stalled at " + delay + " ms");
        }
        now += 50_000_000L;
        gauges.queueDelay = 1_000;
        assertFalse(control.admitInitialRequest(), "stalled 1 s");
        assertEquals(1, control.snapshot().refused());
    }

    /** The stack's threads took datagrams since the last sample: a host at work, not a stalled one. */
    private void working() {
        OverloadGauges.ServiceCounters s = gauges.service;
        gauges.service = new OverloadGauges.ServiceCounters(s.queued() + 10, s.handedOut() + 10, s.idleWaits(),
                s.waiting());
    }

    /** Samples further apart than the limit tell nothing of the time between them: one call a second. */
    @Test
    void aDelayStandsOnlyOnSamplesCloseEnoughTogether() {
        configure(Map.of("overload.queue.delay.ms", "200"));
        for (int call = 0; call < 5; call++) {
            now += 1_000_000_000L;
            working();
            gauges.queueDelay = 300;
            assertTrue(control.admitInitialRequest(), "call " + call);
        }
    }

    /**
     * Issue 20: a fresh host, nothing measured, no capacity known, flooded at once. From the first call the queue
     * delay standing at its limit refuses every new call (probe 503 too), and a delay that keeps rising below the limit
     * bounds the rate to what the cold host carries, well within the callers' first retransmission (500 ms).
     */
    @Test
    void aFreshHostFloodedAtOnceHoldsTheQueueDelayFromTheFirstCall() {
        configure(Map.of("overload.queue.delay.ms", "200"));
        queued = 1_000; // received at once, before any thread took one
        gauges.service = new OverloadGauges.ServiceCounters(queued, handed, 0, 0);
        assertTrue(control.admitInitialRequest(), "the first call");
        for (long delay = 120; delay < 200; delay += 40) {
            now += 100_000_000L;
            handed += 250; // the threads at work, 2,500 messages a second
            gauges.service = new OverloadGauges.ServiceCounters(queued, handed, 0, 0);
            gauges.queueDelay = delay;
            control.admitInitialRequest();
        }
        now += 100_000_000L;
        handed += 250;
        gauges.service = new OverloadGauges.ServiceCounters(queued, handed, 0, 0);
        gauges.queueDelay = 200;
        assertTrue(control.admitInitialRequest(), "at the limit once: the threads may have stalled");
        for (long delay = 250; delay < 400; delay += 50) {
            now += 50_000_000L;
            handed += 125;
            gauges.service = new OverloadGauges.ServiceCounters(queued, handed, 0, 0);
            gauges.queueDelay = delay;
            control.admitInitialRequest();
        }
        now += 50_000_000L;
        handed += 125;
        gauges.service = new OverloadGauges.ServiceCounters(queued, handed, 0, 0);
        gauges.queueDelay = 400;
        assertFalse(control.admitInitialRequest(), "at the limit for 200 ms, the threads at work: refused though"
                + " nothing was ever measured");
        assertFalse(control.acceptingForProbe());
        assertTrue(control.sheddingReason().contains("queue.delay.ms") && control.sheddingReason().contains("200"),
                control.sheddingReason());
        gauges.queueDelay = 199;
        assertTrue(control.admitInitialRequest(), "below the limit again");
        now += 100_000_000L;
        gauges.queueDelay = 0;
        control.admitInitialRequest();

        // 1,000 calls/s offered; the cold host carries 500 (2,500 messages a second), the delay rising.
        int admitted = 0;
        for (int window = 0; window < 10; window++) {
            gauges.queueDelay = Math.min(190, 100 + 10 * window);
            admitted = 0;
            for (int call = 0; call < 100; call++) {
                now += 1_000_000L;
                if (call % 10 == 0) {
                    handed += 25;
                }
                gauges.service = new OverloadGauges.ServiceCounters(queued, handed, 0, 0);
                if (control.admitInitialRequest()) {
                    admitted++;
                    queued += 5;
                }
            }
        }
        assertEquals(45, admitted, 10, "bounded to 90 % of what the cold host carries, below the limit");
        assertTrue(handed < CallCapacity.WARM_UP_MESSAGES, "still in the warm-up");
    }

    /** Issue 20: a proxy puts a host in rotation only once its boot has finished; calls are still decided by load. */
    @Test
    void beforeTheBootHasFinishedTheProbeSays503() {
        control.booted(false);
        assertFalse(control.acceptingForProbe());
        assertTrue(control.admitInitialRequest());
        control.booted(true);
        assertTrue(control.acceptingForProbe());
    }

    /**
     * Issue 24: the keep-alive answer and the health checks read one state, which says why the host does not take
     * calls; the probe says 200 exactly when it is {@code TAKING_CALLS}.
     */
    @Test
    void theIntakeSaysWhyTheProbeGets503() {
        boolean[] routed = {false};
        control.callsRoutedWhen(() -> routed[0]);
        assertIntake(OverloadStatus.Intake.NO_APPLICATION);
        routed[0] = true;
        assertIntake(OverloadStatus.Intake.TAKING_CALLS);
        control.booted(false);
        assertIntake(OverloadStatus.Intake.BOOTING);
        control.booted(true);
        gauges.serverTransactions = 10;
        assertIntake(OverloadStatus.Intake.AT_MEMORY_BOUND);
        gauges.serverTransactions = 0;
        assertIntake(OverloadStatus.Intake.TAKING_CALLS);
        gauges.queueDelay = 500; // five times the limit: refused whatever the stack's threads do
        assertIntake(OverloadStatus.Intake.LAGGING);
        gauges.queueDelay = 0;
        control.drain(true);
        assertIntake(OverloadStatus.Intake.DRAINING);
        control.drain(false);
        assertIntake(OverloadStatus.Intake.TAKING_CALLS);
        assertEquals(0, control.snapshot().accepted() + control.snapshot().refused(), "reading decides no call");
    }

    private void assertIntake(OverloadStatus.Intake expected) {
        assertEquals(expected, control.intake());
        long probes = control.snapshot().keepAlives();
        assertEquals(expected == OverloadStatus.Intake.TAKING_CALLS, control.acceptingForProbe(), expected.name());
        assertEquals(probes + 1, control.snapshot().keepAlives(), "a probe is counted, a reading is not");
    }

    @Test
    void aNewLimitAppliesToTheNextRequest() {
        gauges.serverTransactions = 50;
        assertFalse(control.admitInitialRequest());
        configure(Map.of("overload.server.transactions", "1000", "overload.queue.delay.ms", "100"));
        assertTrue(control.admitInitialRequest());
    }

    @Test
    void aBadValueKeepsTheLastGoodSettings() {
        OverloadSettings before = control.settings();
        configure(Map.of("overload.server.transactions", "-5"));
        assertEquals(before, control.settings());
    }

    @Test
    void switchedOffEverythingIsAccepted() {
        gauges.queueDelay = 500;
        control.admitInitialRequest();
        gauges.serverTransactions = 500;
        configure(Map.of("overload.enabled", "false"));
        assertTrue(control.admitInitialRequest());
        assertTrue(control.acceptingForProbe());
        assertEquals(1, control.snapshot().keepAlives());
        assertEquals(100, control.snapshot().admitPercent());
        assertFalse(control.snapshot().refusing());
    }

    /** The admission-control keys as the host takes an edit: whole, or not at all when a value is refused. */
    private void configure(Map<String, ?> properties) {
        SettingReader reader = new SettingReader(properties);
        OverloadSettings next = OverloadSettings.read(reader, control.settings());
        if (reader.refusals().isEmpty()) {
            control.configure(next);
        }
    }
}
