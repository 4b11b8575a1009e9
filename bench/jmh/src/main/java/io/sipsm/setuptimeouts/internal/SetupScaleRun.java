package io.sipsm.setuptimeouts.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.sipsm.config.ConfigurationRejection;
import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.ResendMapping;
import io.sipsm.config.SettingsResolver;
import io.sipsm.config.SipKey;
import io.sipsm.config.SipSettings;
import io.sipsm.config.TenantSummary;
import io.sipsm.config.ValueSource;
import io.sipsm.host.CallLeg;
import io.sipsm.host.InboundRequest;
import io.sipsm.host.SipMessage;
import io.sipsm.host.internal.policy.BenchTimers;
import io.sipsm.host.testing.MemoryPolicyState;

/**
 * The scale figure of the setup-timeouts policy: N B2BUA calls ringing at once, driven through the policy's own
 * {@link SetupTimeoutPolicy} (the messages the host shows it: the caller's INVITE, the B2BUA's INVITE to the
 * gateway, the gateway's 180) on the host's own policy scheduler. Half the calls belong to a tenant with
 * SS_SIP_TIMEOUT_RINGING (default 30 s), the other half to one with SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP (default
 * 25 s, ringing 120 s); nobody answers. Prints, per N: heap per call in setup (after GC), arming CPU, and the
 * firing error of the Ringing-timeout hangups (gateway leg given up with 408, from the 180) and of the early
 * hangups (caller ended with 480, from the INVITE's arrival).
 * Arguments: call counts (default 10000 100000; at most the policy's capacity, 100,000). System properties:
 * setup.ramp (s, 30), setup.ringing (s, 30), setup.earlyHangup (s, 25).
 */
public final class SetupScaleRun {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SetupScaleRun() {
    }

    public static void main(String[] args) throws Exception {
        long ramp = Long.getLong("setup.ramp", 30);
        long ringing = Long.getLong("setup.ringing", 30);
        long earlyHangup = Long.getLong("setup.earlyHangup", 25);
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(10_000, 100_000);
        }
        System.out.printf("# setup-timeouts scale run: Ringing timeout %d s (half the calls), early hangup %d s with"
                + " Ringing %d s (other half), nobody answers; ramp %d s; policy capacity %,d calls%n", ringing,
                earlyHangup, 120, ramp, SetupTimeoutsComponent.CAPACITY);
        if (ramp >= Math.min(ringing, earlyHangup)) {
            System.out.println("# warning: the ramp is not shorter than the first timeout: timers fire before the heap"
                    + " is measured, so the heap figure is low");
        }
        int warmup = Integer.getInteger("setup.warmupCalls", 20_000);
        run(warmup, 0, ringing, earlyHangup, false);
        System.out.printf("# JIT warm-up: %,d calls set up and dropped before the measured sizes%n", warmup);
        for (int n : sizes) {
            run(Math.min(n, SetupTimeoutsComponent.CAPACITY), ramp, ringing, earlyHangup, true);
        }
    }

    private static void run(int calls, long rampSeconds, long ringing, long earlyHangup, boolean measure)
            throws Exception {
        SipSettings d = SipSettings.DEFAULTS;
        SipSettings ringingTenant = settings(d, Duration.ofSeconds(ringing), Duration.ZERO);
        SipSettings hangupTenant = settings(d, Duration.ofSeconds(120), Duration.ofSeconds(earlyHangup));
        Resolver resolver = new Resolver(d, ringingTenant, hangupTenant);
        Errors ringingErrors = new Errors();
        Errors hangupErrors = new Errors();
        long ringingNanos = TimeUnit.SECONDS.toNanos(ringing);
        long hangupNanos = TimeUnit.SECONDS.toNanos(earlyHangup);

        long heapBefore = heapAfterGc();
        List<Leg[]> legs = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            boolean hangup = i % 2 == 1;
            Leg caller = new Leg("c" + i, true, null, hangup ? hangupErrors : null, hangupNanos);
            Leg gateway = new Leg("g" + i, false, caller, hangup ? null : ringingErrors, ringingNanos);
            legs.add(new Leg[] {caller, gateway});
        }
        long heapLegs = heapAfterGc();
        try (BenchTimers timers = new BenchTimers()) {
            // The attempts kept as the host keeps them, so that calls outlive an update of the bundle.
            SetupTimeoutPolicy policy = new SetupTimeoutPolicy(resolver, timers, SetupTimeoutsComponent.CAPACITY,
                    System::nanoTime, new SetupState(new MemoryPolicyState(), System::nanoTime));
            long armCpu = 0;
            long start = System.nanoTime();
            long gap = TimeUnit.SECONDS.toNanos(rampSeconds) / calls;
            for (int i = 0; i < calls; i++) {
                long wait = start + i * gap - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                Leg caller = legs.get(i)[0];
                Leg gateway = legs.get(i)[1];
                String domain = i % 2 == 1 ? "hangup.example" : "ringing.example";
                // CPU of the policy's work alone, not of the pacing (parking is a system call).
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                caller.armedAt = System.nanoTime();
                policy.incomingRequest(new Message("INVITE", 0, caller.callId(), domain, null, null));
                policy.outgoingRequest(new Message("INVITE", 0, gateway.callId(), null, "<sip:x@gw>", gateway));
                gateway.armedAt = System.nanoTime();
                policy.incomingResponse(new Message("INVITE", 180, gateway.callId(), null, null, gateway));
                armCpu += THREADS.getCurrentThreadCpuTime() - cpu0;
            }
            if (!measure) {
                policy.stop();
                return;
            }
            long heapArmed = heapAfterGc();
            int queued = timers.queued();
            long followed = policy.statistics().activeCalls();
            Thread timerThread = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("sipsm-policy-timers")).findFirst().orElseThrow();
            long timerCpu0 = THREADS.getThreadCpuTime(timerThread.getId());
            long windowStart = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(rampSeconds + Math.max(ringing, earlyHangup) + 3);
            while (System.nanoTime() < end) {
                Thread.sleep(200);
            }
            long window = System.nanoTime() - windowStart;
            long timerCpu = THREADS.getThreadCpuTime(timerThread.getId()) - timerCpu0;
            double perCall = (double) (heapArmed - heapLegs) / calls;
            System.out.printf("%n== %,d calls in setup (followed by the policy: %,d) ==%n", calls, followed);
            System.out.printf("heap: legs alone %.1f MB; with the policy following them %.1f MB more: %.0f bytes"
                    + " per call; %,d timers queued%n", (heapLegs - heapBefore) / 1048576.0,
                    (heapArmed - heapLegs) / 1048576.0, perCall, queued);
            System.out.printf("arming: %.1f us CPU per call (INVITE in, INVITE out, 180 in; includes two reads of the thread CPU clock)%n", armCpu / 1e3 / calls);
            System.out.printf("while firing (%.1f s): timer thread %.1f%% of a core%n", window / 1e9,
                    100.0 * timerCpu / window);
            System.out.println("Ringing-timeout hangup firing error: " + ringingErrors.summary());
            System.out.println("early hangup firing error:           " + hangupErrors.summary());
            policy.stop();
        }
        legs.clear();
    }

    private static SipSettings settings(SipSettings d, Duration ringing, Duration earlyHangup) {
        return new SipSettings(d.resendIntervals(), d.sendRetry(), d.inviteTimeout(), d.tryingTimeout(), ringing,
                d.sessionUpdateSegment(), earlyHangup, d.noTimerReinviteInterval(), d.publishExpire(),
                d.reliableProvisionals(), d.sessionExpires(), d.minSessionExpires(), d.sessionTimerEnabled(),
                d.noTimerReinviteEnabled(), true, d.publishExpiryEnabled());
    }

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

    /** Firing errors, ns. */
    static final class Errors {
        private long[] values = new long[1024];
        private int count;

        synchronized void add(long v) {
            if (count == values.length) {
                values = java.util.Arrays.copyOf(values, count * 2);
            }
            values[count++] = v;
        }

        synchronized String summary() {
            long[] v = java.util.Arrays.copyOf(values, count);
            if (v.length == 0) {
                return "n=0";
            }
            java.util.Arrays.sort(v);
            long early = java.util.Arrays.stream(v).filter(x -> x < 0).count();
            return String.format("n=%d early=%d p50=%.2f ms p99=%.2f ms max=%.2f ms min=%.2f ms", v.length, early,
                    v[Math.max(0, (int) Math.ceil(0.5 * v.length) - 1)] / 1e6,
                    v[Math.max(0, (int) Math.ceil(0.99 * v.length) - 1)] / 1e6, v[v.length - 1] / 1e6, v[0] / 1e6);
        }
    }

    /** A leg as the host shows it; notes the first end() against its due time. */
    static final class Leg implements CallLeg {
        private final String callId;
        private final boolean inbound;
        private final Leg peer;
        private final Errors errors;
        private final long dueAfter;
        private volatile State state = State.EARLY;
        volatile long armedAt;

        Leg(String callId, boolean inbound, Leg peer, Errors errors, long dueAfter) {
            this.callId = callId;
            this.inbound = inbound;
            this.peer = peer;
            this.errors = errors;
            this.dueAfter = dueAfter;
        }

        @Override public String id() { return callId; }
        @Override public String callId() { return callId; }
        @Override public String application() { return "b2bua"; }
        @Override public boolean isInbound() { return inbound; }
        @Override public State state() { return state; }
        @Override public Optional<CallLeg> peer() { return Optional.ofNullable(peer); }

        @Override
        public void send(String method, Map<String, String> headers, String contentType, byte[] body,
                Consumer<SipMessage> onFinalResponse) {
            throw new IllegalStateException("not confirmed");
        }

        @Override
        public void end(int status, String text) {
            long now = System.nanoTime();
            if (state != State.TERMINATED) {
                state = State.TERMINATED;
                if (errors != null) {
                    errors.add(now - (armedAt + dueAfter));
                }
            }
        }
    }

    /** The few messages the policy is shown. */
    private record Message(String method, int status, String callId, String domain, String to, Leg gatewayOrCaller)
            implements InboundRequest {
        @Override public String header(String name) {
            return switch (name) {
                case "To" -> to;
                case "Via" -> "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-" + callId;
                default -> null;
            };
        }
        @Override public List<String> headers(String name) { return List.of(); }
        @Override public void setHeader(String name, String value) { }
        @Override public void addHeader(String name, String value) { }
        @Override public void removeHeader(String name) { }
        @Override public byte[] content() { return new byte[0]; }
        @Override public Optional<CallLeg> leg() { return Optional.ofNullable(gatewayOrCaller); }
        @Override public boolean isInitial() { return true; }
        @Override public String requestUri() { return "sip:x@" + domain; }
        @Override public String requestDomain() { return domain; }
        @Override public String remoteAddress() { return "127.0.0.1"; }
        @Override public void respond(int status, String reason, Map<String, String> headers) { }
    }

    /** Two tenants by domain; the global settings for the rest. */
    private static final class Resolver implements SettingsResolver {
        private final EffectiveSettings global;
        private final EffectiveSettings ringing;
        private final EffectiveSettings hangup;

        Resolver(SipSettings g, SipSettings ringing, SipSettings hangup) {
            this.global = effective(g, null);
            this.ringing = effective(ringing, "ringing");
            this.hangup = effective(hangup, "hangup");
        }

        private static EffectiveSettings effective(SipSettings s, String tenant) {
            Map<SipKey, ValueSource> sources = new EnumMap<>(SipKey.class);
            for (SipKey key : SipKey.values()) {
                sources.put(key, ValueSource.DEFAULT);
            }
            return new EffectiveSettings(s, sources, Optional.ofNullable(tenant),
                    new ResendMapping(500, 4000, true, "exact", 10, Duration.ofMillis(31_500)), List.of());
        }

        @Override
        public EffectiveSettings resolve(NewCall call) {
            if ("hangup.example".equals(call.requestDomain())) {
                return hangup;
            }
            return "ringing.example".equals(call.requestDomain()) ? ringing : global;
        }

        @Override public EffectiveSettings global() { return global; }
        @Override public List<TenantSummary> tenants() { return List.of(); }
        @Override public EffectiveSettings preview(String pid, SipKey key, String value) { return global; }
        @Override public Optional<ConfigurationRejection> lastRejection() { return Optional.empty(); }
    }
}
