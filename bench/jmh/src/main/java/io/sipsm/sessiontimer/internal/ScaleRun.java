package io.sipsm.sessiontimer.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.sipsm.config.SipSettings;
import io.sipsm.host.internal.policy.BenchTimers;
import io.sipsm.host.testing.MemoryPolicyState;

/**
 * The scale figure of the session-timer policy: N B2BUA calls (two confirmed legs each, the host refreshing both,
 * as with callers and gateways that support RFC 4028) watched by the policy's own {@link CallRegistry} and
 * {@link LegTimer}s on the host's own policy scheduler, arriving evenly over a ramp. Prints, per N:
 * <ul>
 * <li>heap the policy holds per call (after GC: armed calls minus the same calls' legs alone), and the arming
 * cost (CPU of the arriving thread per call);</li>
 * <li>CPU of the scheduler thread and of the process while the timers fire;</li>
 * <li>firing error (actual minus due time) of refreshes (at the refresh point) and hangups (the session expiry of
 * calls whose peers stopped answering, SILENT_PERCENT of them), p50/p99/max.</li>
 * </ul>
 * Arguments: session counts (default 10000 100000). System properties: scale.sessionExpires (s, 90),
 * scale.ramp (s, 30), scale.silentPercent (10). The window runs until every call has had its refresh and every
 * silent call its hangup: ramp + expiry point + 3 s.
 */
public final class ScaleRun {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ScaleRun() {
    }

    public static void main(String[] args) throws Exception {
        long sessionExpires = Long.getLong("scale.sessionExpires", 90);
        long rampSeconds = Long.getLong("scale.ramp", 30);
        int silentPercent = Integer.getInteger("scale.silentPercent", 10);
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(10_000, 100_000);
        }
        Duration interval = Duration.ofSeconds(sessionExpires);
        SipSettings d = SipSettings.DEFAULTS;
        SipSettings settings = new SipSettings(d.resendIntervals(), d.sendRetry(), d.inviteTimeout(),
                d.tryingTimeout(), d.ringingTimeout(), d.sessionUpdateSegment(), d.earlyHangup(),
                d.noTimerReinviteInterval(), d.publishExpire(), d.reliableProvisionals(), interval,
                Duration.ofSeconds(Math.min(90, sessionExpires)), true, true, true, true);
        Duration refreshAfter = RefreshTiming.refreshAfter(interval, settings.sessionUpdateSegment());
        Duration expiry = RefreshTiming.expiry(interval);
        System.out.printf("# session-timer scale run: Session-Expires %d s, refresh after %.1f s, expiry after %.1f s,"
                + " segment %d, ramp %d s, %d%% silent peers; %s, %d cores, -Xmx %d MB%n", sessionExpires,
                refreshAfter.toMillis() / 1000.0, expiry.toMillis() / 1000.0, settings.sessionUpdateSegment(),
                rampSeconds, silentPercent, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        warmUp(Integer.getInteger("scale.warmupCalls", 20_000), settings, interval);
        for (int n : sizes) {
            run(n, settings, interval, refreshAfter, expiry, rampSeconds, silentPercent);
        }
    }

    /** JIT warm-up of the arming and forgetting paths, so the first size's arming CPU is not the compiler's. */
    private static void warmUp(int calls, SipSettings settings, Duration interval) {
        Recorder recorder = new Recorder();
        try (BenchTimers timers = new BenchTimers()) {
            CallRegistry registry = new CallRegistry(timers,
                    new LegStates(new MemoryPolicyState(), System::nanoTime), new Statistics(), new Random(1));
            SessionTerms terms = new SessionTerms(interval, true, true);
            for (int i = 0; i < calls; i++) {
                BenchLeg.Call call = new BenchLeg.Call(true);
                BenchLeg a = new BenchLeg("w" + i + "@caller", true, call, recorder, task -> { }, 0, 0);
                BenchLeg b = new BenchLeg("w" + i + "@gateway", false, call, recorder, task -> { }, 0, 0);
                BenchLeg.link(a, b);
                registry.watch(a, settings, terms, new LegMedia(), true, 1);
                registry.watch(b, settings, terms, new LegMedia(), true, 1);
                if (i % 2 == 0) {
                    registry.forget(a.callId());
                    registry.forget(b.callId());
                }
            }
            registry.suspend();
        }
        System.out.printf("# JIT warm-up: %,d calls armed and forgotten before the measured sizes%n", calls);
    }

    private static void run(int calls, SipSettings settings, Duration interval, Duration refreshAfter,
            Duration expiry, long rampSeconds, int silentPercent) throws Exception {
        Recorder recorder = new Recorder();
        ExecutorService peer = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-peer"));
        Random random = new Random(calls);
        long heapBefore = heapAfterGc();
        List<BenchLeg[]> legs = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            BenchLeg.Call call = new BenchLeg.Call(random.nextInt(100) >= silentPercent);
            BenchLeg a = new BenchLeg("c" + i + "@caller", true, call, recorder, peer, refreshAfter.toNanos(),
                    expiry.toNanos());
            BenchLeg b = new BenchLeg("g" + i + "@gateway", false, call, recorder, peer, refreshAfter.toNanos(),
                    expiry.toNanos());
            BenchLeg.link(a, b);
            legs.add(new BenchLeg[] {a, b});
        }
        long heapLegs = heapAfterGc();
        long silent = legs.stream().filter(l -> !l[0].answers()).count();

        try (BenchTimers timers = new BenchTimers()) {
            CallRegistry registry = new CallRegistry(timers,
                    new LegStates(new MemoryPolicyState(), System::nanoTime), new Statistics(), new Random(1));
            SessionTerms terms = new SessionTerms(interval, true, true);
            long armCpu = 0;
            long start = System.nanoTime();
            long gap = TimeUnit.SECONDS.toNanos(rampSeconds) / calls;
            for (int i = 0; i < calls; i++) {
                long due = start + i * gap;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                // CPU of the arming alone, not of the pacing (parking is a system call).
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                for (BenchLeg leg : legs.get(i)) {
                    leg.armedAt = System.nanoTime();
                    registry.watch(leg, settings, terms, new LegMedia(), true, 1);
                }
                armCpu += THREADS.getCurrentThreadCpuTime() - cpu0;
            }
            long rampDone = System.nanoTime();
            // Every call armed, none fired yet (the ramp is shorter than the refresh point): the policy's heap.
            long heapArmed = heapAfterGc();
            int queued = timers.queued();
            long firstRefreshAt = start + refreshAfter.toNanos();
            if (System.nanoTime() > firstRefreshAt) {
                System.out.println("# warning: the ramp outlasted the refresh point; the heap figure includes fired timers");
            }
            Thread timerThread = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("sipsm-policy-timers")).findFirst().orElseThrow();
            long timerCpu0 = THREADS.getThreadCpuTime(timerThread.getId());
            long processCpu0 = processCpu();
            long windowStart = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(rampSeconds) + expiry.toNanos() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < end) {
                Thread.sleep(200);
            }
            long window = System.nanoTime() - windowStart;
            long timerCpu = THREADS.getThreadCpuTime(timerThread.getId()) - timerCpu0;
            long processCpu = processCpu() - processCpu0;
            int fired = recorder.refreshCount() + recorder.hangupCount();

            double perCall = (double) (heapArmed - heapLegs) / calls;
            System.out.printf("%n== %,d calls (%,d legs, %,d silent calls), ramp %.1f s ==%n", calls, 2 * calls,
                    silent, (rampDone - start) / 1e9);
            System.out.printf("heap: legs alone %.1f MB over baseline; with the policy armed %.1f MB more:"
                    + " %.0f bytes per call (%.0f per leg); %,d timers queued%n", (heapLegs - heapBefore) / 1048576.0,
                    (heapArmed - heapLegs) / 1048576.0, perCall, perCall / 2, queued);
            System.out.printf("arming: %.1f us CPU per call (both legs: registry entry, two timers each; includes two reads of the thread CPU clock)%n",
                    armCpu / 1e3 / calls);
            System.out.printf("while firing (%.1f s): timer thread %.1f%% of a core, %.1f us per fired timer;"
                    + " process %.1f%% of a core (timer thread, peer thread, GC)%n", window / 1e9,
                    100.0 * timerCpu / window, fired == 0 ? 0 : timerCpu / 1e3 / fired, 100.0 * processCpu / window);
            System.out.println("refresh firing error: " + recorder.refreshSummary());
            System.out.println("hangup firing error:  " + recorder.hangupSummary());
            registry.suspend();
        } finally {
            peer.shutdownNow();
            peer.awaitTermination(5, TimeUnit.SECONDS);
        }
        legs.clear();
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Heap in use after full GCs, once it stops shrinking. */
    static long heapAfterGc() throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (used >= last - 65536) {
                return Math.min(used, last);
            }
            last = used;
        }
        return last;
    }
}
