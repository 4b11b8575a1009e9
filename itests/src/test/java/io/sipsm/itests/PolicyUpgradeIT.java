package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import io.sipsm.host.HostStatus;
import io.sipsm.host.TransactionTimers;

/**
 * Issue 20, item 1: a policy bundle updated, restarted or uninstalled while calls are up. The session-timer
 * bundle keeps each leg's terms and due times with the host; its next revision takes the legs up and the peers
 * see nothing of the update: the refresh goes out on time, a peer that stops answering still gets its call ended,
 * the keep-alive re-INVITE still comes. Uninstalling the policy releases what the host kept for it and leaves the
 * calls up to end normally. Session-Expires 90 s and segment 2 put the refresh 45 s after the answer; T1 of 100 ms
 * makes an unanswered refresh time out in 6.4 s; the keep-alive interval is at its floor, 60 s.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class PolicyUpgradeIT extends KarafTestSupport {

    private static final int HOST_PORT = 26260;
    private static final String HOST = "127.0.0.1:" + HOST_PORT;
    private static final String POLICY = "sipsm-session-timer";
    private static final long REFRESH_MS = 45_000;
    private static final long KEEP_ALIVE_MS = 60_000;
    private static final long TOLERANCE_MS = 2_000;
    private static final String[] LONG_CALL = {"-timeout", "110s"};

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua", "sipsm-config", "sipsm-session-timer", "sipsm-shell"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:26270"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_SESSION_EXPIRES", "90"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_SESSION_MIN_SE", "90"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_SESSION_UPDATE_SEGMENT", "2"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_NO_TIMER_REINVITE_INTERVAL", "60"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_RESEND_INTERVAL", "0.1,0.2,0.4,0.8,1.6,3.2"),
                // The policy's decisions (refresh sent, leg taken up) in the log, for a failure to explain itself.
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.sessiontimer.name",
                        "io.sipsm.sessiontimer"),
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.sessiontimer.level", "DEBUG"));
    }

    /**
     * The caller asks the host to refresh (Session-Expires 90, refresher left to the host); the gateway takes the
     * host as refresher too and then never answers. The policy bundle is updated (and its wiring refreshed) once
     * both legs are watched: the new revision refreshes both legs 45 s after the answer, as the old one would
     * have, and ends the call on both legs when the gateway's refresh goes unanswered.
     */
    @Test
    public void a_sessionTimerBundleUpdatedMidCallStillRefreshesOnTimeAndEndsAnExpiredCall() throws Exception {
        awaitPolicy();
        configureGateways("127.0.0.1:26270");
        awaitHostTakesCalls("udp", HOST_PORT);
        awaitNoCallUp();
        int mark = karafLog().size();
        try (Sipp gateway = Sipp.server("st-gateway-silent.xml", Map.of("EXPECT", "90"), 26270, 1, LONG_CALL);
                Sipp caller = Sipp.client("st-caller-ended.xml", Map.of("OFFER", "90", "EXPECT", "90"), HOST, 26261,
                        1, "alice", LONG_CALL)) {
            awaitCallUp(gateway);
            long bundleId = policyBundle().getBundleId();
            shell("bundle:update " + bundleId, "bundle:refresh " + bundleId);
            long updated = LocalTime.now().toNanoOfDay() / 1_000_000;
            awaitPolicy();
            await("the new revision watching both legs", Duration.ofSeconds(30),
                    () -> shellOrEmpty("sipsm:session-timers").contains("2 legs watched"));

            caller.assertSucceeded(110, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
            long answered = SessionTimerIT.firstReceived(gateway.trace(), "ACK ");
            long update = SessionTimerIT.firstReceived(gateway.trace(), "UPDATE ");
            long bye = SessionTimerIT.firstReceived(gateway.trace(), "BYE ");
            assertTrue("updated mid-call, before the refresh: update at " + updated + ", UPDATE at " + update,
                    updated < update - 10_000);
            assertNear("UPDATE to the gateway", REFRESH_MS, update - answered);
            assertTrue("BYE after the unanswered UPDATE, by the expiry point: " + (bye - answered) + " ms",
                    bye > update && bye - answered <= 60_000 + TOLERANCE_MS);
            long callerAnswered = SessionTimerIT.firstReceived(caller.trace(), "SIP/2.0 200");
            assertNear("UPDATE to the caller", REFRESH_MS,
                    SessionTimerIT.firstReceived(caller.trace(), "UPDATE ") - callerAnswered);
            assertEquals(caller.trace(), 1, SessionTimerIT.received(caller.trace(), "BYE ").size());
        }
        assertTrue(karafLog().stream().skip(mark).anyMatch(l -> l.contains("2 legs of calls in progress taken up")));
        await("no leg left watched", Duration.ofSeconds(10),
                () -> shellOrEmpty("sipsm:session-timers").contains("0 legs watched"));
        assertEquals(0, policyFigures()[0]);
        assertNoErrorOrStackTraceSince(mark);
    }

    /**
     * Peers without session timers get a keep-alive re-INVITE every 60 s on both legs. The policy bundle is
     * restarted a few seconds into the call; both re-INVITEs still come 60 s after the answer.
     */
    @Test
    public void b_keepAliveSurvivesARestartOfThePolicyBundle() throws Exception {
        awaitPolicy();
        configureGateways("127.0.0.1:26271");
        awaitNoCallUp();
        int mark = karafLog().size();
        try (Sipp gateway = Sipp.server("ka-gateway.xml", Map.of(), 26271, 1, LONG_CALL);
                Sipp caller = Sipp.client("ka-caller.xml", Map.of("HOLD_MS", "1000"), HOST, 26262, 1, "bob",
                        LONG_CALL)) {
            awaitCallUp(gateway);
            shell("bundle:restart " + policyBundle().getBundleId());
            awaitPolicy();
            await("the new revision watching both legs", Duration.ofSeconds(30),
                    () -> shellOrEmpty("sipsm:session-timers").contains("2 legs watched"));

            caller.assertSucceeded(110, TimeUnit.SECONDS);
            gateway.assertSucceeded(110, TimeUnit.SECONDS);
            long callerAnswered = SessionTimerIT.firstReceived(caller.trace(), "SIP/2.0 200");
            assertNear("keep-alive re-INVITE to the caller", KEEP_ALIVE_MS,
                    SessionTimerIT.firstReceived(caller.trace(), "INVITE ") - callerAnswered);
            List<Long> gatewayInvites = SessionTimerIT.received(gateway.trace(), "INVITE ");
            assertEquals("INVITE and one keep-alive: " + gatewayInvites, 2, gatewayInvites.size());
            assertNear("keep-alive re-INVITE to the gateway", KEEP_ALIVE_MS,
                    gatewayInvites.get(1) - SessionTimerIT.firstReceived(gateway.trace(), "ACK "));
        }
        assertNoErrorOrStackTraceSince(mark);
    }

    /**
     * Uninstalling the policy for good, with a call up: its timers are cancelled and the state the host kept for
     * it released (sipsm:policies no longer lists it), nothing is logged as an error, and the call goes on to end
     * normally, the caller's BYE answered end to end.
     */
    @Test
    public void z_uninstallingThePolicyReleasesItsStateAndStopsItsTimersCleanly() throws Exception {
        awaitPolicy();
        configureGateways("127.0.0.1:26272");
        awaitNoCallUp();
        int mark = karafLog().size();
        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), 26272, 1);
                Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "15000"), HOST, 26263, 1, "carol")) {
            awaitCallUp(gateway);
            int[] before = policyFigures();
            assertTrue("keep-alive timers armed for both legs: " + Arrays.toString(before), before[2] >= 2);
            shell("bundle:uninstall " + policyBundle().getBundleId());
            await("sipsm:policies no longer listing " + POLICY, Duration.ofSeconds(30),
                    () -> !shellOrEmpty("sipsm:policies").contains(POLICY));
            assertTrue(karafLog().stream().skip(mark)
                    .anyMatch(l -> l.contains("Policy " + POLICY + " uninstalled: the state it kept")));
            caller.assertSucceeded(60, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
        }
        assertTrue(host().policies().stream().noneMatch(p -> p.policy().equals(POLICY)));
        assertNoErrorOrStackTraceSince(mark);
    }

    private void awaitPolicy() throws Exception {
        TransactionTimers timers = service(TransactionTimers.class);
        await("the session-timer component's services", Duration.ofSeconds(60), () -> {
            Bundle bundle = policyBundle();
            return bundle != null && bundle.getState() == Bundle.ACTIVE && bundle.getRegisteredServices() != null
                    && bundle.getRegisteredServices().length > 0;
        });
        HostStatus host = host();
        await("the B2BUA deployed", Duration.ofSeconds(30),
                () -> host.applications().stream().anyMatch(a -> a.name().equals("b2bua")));
        await("T1 = 100 ms from SS_SIP_RESEND_INTERVAL", Duration.ofSeconds(30), () -> timers.current().t1() == 100);
    }

    private HostStatus host() throws InterruptedException {
        return service(HostStatus.class);
    }

    private Bundle policyBundle() {
        return Arrays.stream(bundleContext.getBundles()).filter(b -> POLICY.equals(b.getSymbolicName())).findFirst()
                .orElse(null);
    }

    /**
     * Waits until the call is up (the gateway got its ACK) and the host keeps the policy's records for its two
     * legs, so that what follows happens mid-call, not during setup.
     */
    private void awaitCallUp(Sipp gateway) throws InterruptedException {
        await("the gateway's ACK", Duration.ofSeconds(30), () -> gateway.trace().contains("ACK sip:"));
        await("2 legs with the policy's state", Duration.ofSeconds(30), () -> policyFigures()[0] == 2);
    }

    /** Waits until no leg of an earlier call is left with the policy's state. */
    private void awaitNoCallUp() throws InterruptedException {
        await("no leg with the policy's state", Duration.ofSeconds(90), () -> policyFigures()[0] == 0);
    }

    /** Legs, records and timers of the policy, as sipsm:policies shows them; zeros when it is not listed. */
    private int[] policyFigures() {
        Matcher m = Pattern.compile(Pattern.quote(POLICY) + "\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)")
                .matcher(shellOrEmpty("sipsm:policies"));
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3))} : new int[3];
    }

    private String shellOrEmpty(String command) {
        try {
            return shell(command);
        } catch (Exception | AssertionError e) {
            return "";
        }
    }

    private static void assertNear(String what, long expectedMs, long actualMs) {
        assertTrue(what + ": expected " + expectedMs + " ms ± " + TOLERANCE_MS + ", was " + actualMs,
                Math.abs(actualMs - expectedMs) <= TOLERANCE_MS);
    }
}
