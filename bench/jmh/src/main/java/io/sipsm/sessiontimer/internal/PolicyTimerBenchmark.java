package io.sipsm.sessiontimer.internal;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.sipsm.config.SipSettings;
import io.sipsm.host.PolicyScheduler;
import io.sipsm.host.internal.policy.BenchTimers;
import io.sipsm.host.testing.MemoryPolicyState;

/**
 * The per-call CPU cost of the session-timer policy with {@code sessions} calls already watched (their timers
 * armed on the host's scheduler, 30 minutes out, as with the default Session-Expires): a call's two legs
 * watched when the 2xx arrives (registry entry, expiry and refresh timers) and forgotten at BYE (timers
 * cancelled, entries removed); and the host scheduler's schedule + cancel alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class PolicyTimerBenchmark {

    @Param({"10000", "100000"})
    public int sessions;

    private BenchTimers timers;
    private CallRegistry registry;
    private SipSettings settings;
    private SessionTerms terms;
    private BenchLeg a;
    private BenchLeg b;

    @Setup(Level.Trial)
    public void setUp() {
        timers = new BenchTimers();
        registry = new CallRegistry(timers, new LegStates(new MemoryPolicyState(), System::nanoTime), new Statistics(),
                new Random(1));
        settings = SipSettings.DEFAULTS;
        terms = new SessionTerms(settings.sessionExpires(), true, true);
        Recorder recorder = new Recorder();
        Executor never = task -> { };
        long refresh = RefreshTiming.refreshAfter(terms.interval(), settings.sessionUpdateSegment()).toNanos();
        long expiry = RefreshTiming.expiry(terms.interval()).toNanos();
        for (int i = 0; i < sessions; i++) {
            BenchLeg.Call call = new BenchLeg.Call(true);
            BenchLeg x = new BenchLeg("c" + i, true, call, recorder, never, refresh, expiry);
            BenchLeg y = new BenchLeg("g" + i, false, call, recorder, never, refresh, expiry);
            BenchLeg.link(x, y);
            registry.watch(x, settings, terms, new LegMedia(), true, 1);
            registry.watch(y, settings, terms, new LegMedia(), true, 1);
        }
        BenchLeg.Call call = new BenchLeg.Call(true);
        a = new BenchLeg("bench-c", true, call, recorder, never, refresh, expiry);
        b = new BenchLeg("bench-g", false, call, recorder, never, refresh, expiry);
        BenchLeg.link(a, b);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        registry.suspend();
        timers.close();
    }

    /** One call's policy work from answer to BYE, both legs. */
    @Benchmark
    public void watchAndForgetCall() {
        registry.watch(a, settings, terms, new LegMedia(), true, 1);
        registry.watch(b, settings, terms, new LegMedia(), true, 1);
        registry.forget(a.callId());
        registry.forget(b.callId());
    }

    /** The host scheduler alone: one timer armed and cancelled among the queued ones. */
    @Benchmark
    public void scheduleAndCancel() {
        PolicyScheduler.Scheduled s = timers.schedule(Duration.ofMinutes(30), PolicyTimerBenchmark::nothing);
        s.cancel();
    }

    private static void nothing() {
    }
}
