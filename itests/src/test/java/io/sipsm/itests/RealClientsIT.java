package io.sipsm.itests;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;


import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.sipsm.host.HostStatus;

/**
 * Calls through the B2BUA between the user agents operators actually have, Debian's linphonec and baresip
 * (see {@link UserAgent}), over UDP on 127.0.0.1: a basic call both ways, session timers refreshed over
 * several periods, keep-alive re-INVITEs to peers without timers on both legs, PRACK with early media both
 * ways (linphone's reliable 1xx carry no Contact), and CANCEL. Session-Expires 90 s (the RFC 4028 floor) with
 * segment 2 refreshes every 45 s; the keep-alive interval is at its floor, 60 s.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RealClientsIT extends KarafTestSupport {

    private static final int HOST_PORT = 25860;
    private static final String HOST = "127.0.0.1:" + HOST_PORT;
    private static final Duration CALL_SETUP = Duration.ofSeconds(30);

    /** baresip's word for a call that ended: "session closed" on the peer's BYE, "terminated" on its own. */
    static final Pattern BARESIP_CALL_ENDED = Pattern.compile("session closed|Call with .* terminated");

    /** A BYE's CSeq line in linphonec's log: twice once its BYE was answered (the BYE, then the 200). */
    static final Pattern BYE_CSEQ = Pattern.compile("(?m)^CSeq: \\d+ BYE");

    /** A request line in linphonec's log or baresip's SIP trace. */
    private static Pattern request(String method) {
        return Pattern.compile("(?m)^" + method + " sip:\\S+ SIP/2\\.0");
    }

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(
                karaf(HOST_PORT, "sipsm-b2bua", "sipsm-config", "sipsm-session-timer", "sipsm-prack", "sipsm-shell"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:25870"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_SESSION_EXPIRES", "90"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_SESSION_MIN_SE", "90"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_SESSION_UPDATE_SEGMENT", "2"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_NO_TIMER_REINVITE_INTERVAL", "60"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_ENABLE_100REL", "true"));
    }

    @Test
    public void aBasicCallFromLinphoneToBaresipAndFromBaresipToLinphone() throws Exception {
        awaitB2bua("127.0.0.1:25870");
        try (UserAgent callee = UserAgent.baresip("gw", 25870, 25872, 25900, true);
                UserAgent caller = UserAgent.linphone("alice", 25877, false, 25910, Map.of())) {
            callee.await("ready", "baresip is ready", CALL_SETUP);
            caller.command("call sip:gw@" + HOST);
            caller.await("connected", Pattern.compile("Call 1 with .* connected"), 1, CALL_SETUP);
            callee.await("established", "Call established", CALL_SETUP);
            caller.command("terminate");
            callee.await("hung up by the caller's BYE", BARESIP_CALL_ENDED, 1, CALL_SETUP);
            caller.await("the 200 to its BYE", BYE_CSEQ, 2, CALL_SETUP);
        }
        awaitB2bua("127.0.0.1:25873");
        try (UserAgent callee = UserAgent.linphone("bob", 25873, false, 25920, Map.of());
                UserAgent caller = UserAgent.baresip("bob", 25874, 25876, 25930, false)) {
            callee.command("autoanswer enable");
            callee.await("auto answering", "Auto answer enabled", CALL_SETUP);
            caller.await("ready", "baresip is ready", CALL_SETUP);
            caller.command("/dial sip:bob@" + HOST);
            caller.await("established", "Call established", CALL_SETUP);
            callee.await("connected", Pattern.compile("Call 1 with .* connected"), 1, CALL_SETUP);
            callee.command("terminate");
            caller.await("hung up by the callee's BYE", BARESIP_CALL_ENDED, 1, CALL_SETUP);
        }
        awaitNoLegsWatched();
        assertNoErrorsLogged();
    }

    /**
     * Two calls held over three refresh periods: linphone with timers calling baresip (the host refreshes leg A
     * and keeps leg B alive), and baresip calling baresip (keep-alive re-INVITEs on both legs).
     */
    @Test
    public void bTimersRefreshOverSeveralPeriodsAndPeersWithoutTimersAreKeptAliveOnBothLegs() throws Exception {
        awaitB2bua("127.0.0.1:25880");
        try (UserAgent gateway = UserAgent.baresip("gw", 25880, 25882, 25940, true);
                UserAgent timed = UserAgent.linphone("carol", 25883, false, 25950,
                        Map.of("TIMERS", "1"));
                UserAgent untimed = UserAgent.baresip("gw", 25884, 25886, 25960, false)) {
            gateway.await("ready", "baresip is ready", CALL_SETUP);
            untimed.await("ready", "baresip is ready", CALL_SETUP);
            timed.command("call sip:gw@" + HOST);
            timed.await("connected", Pattern.compile("Call 1 with .* connected"), 1, CALL_SETUP);
            untimed.command("/dial sip:gw@" + HOST);
            untimed.await("established", "Call established", CALL_SETUP);
            gateway.await("both calls established", Pattern.compile("Call established"), 2, CALL_SETUP);
            String answer = timed.log();
            assertTrue("the host's 2xx to linphone names Session-Expires 90", Pattern
                    .compile("(?ms)^SIP/2\\.0 200 .*?^(Session-Expires|x):\\s*90").matcher(answer).find());

            // Three refreshes of leg A (UPDATE or re-INVITE, whichever side refreshes) take 3 × 45 s; by then
            // each baresip has had at least two keep-alives (every 60 s), one per leg of the baresip call.
            Duration periods = Duration.ofSeconds(3 * 45 + 30);
            timed.await("three refreshes", Pattern.compile("(?m)^(UPDATE|INVITE) sip:\\S+ SIP/2\\.0"), 4, periods);
            untimed.await("two keep-alive re-INVITEs", request("INVITE"), 3, Duration.ofSeconds(30));
            // The gateway got two initial INVITEs and at least two keep-alives on each of the two calls' leg B.
            gateway.await("keep-alive re-INVITEs on both calls", request("INVITE"), 2 + 4, Duration.ofSeconds(30));
            assertTrue(timed.output(), !timed.output().contains("ended"));
            assertTrue(untimed.output(), untimed.count(BARESIP_CALL_ENDED) == 0);

            timed.command("terminate");
            untimed.command("/hangup");
            gateway.await("both calls hung up", BARESIP_CALL_ENDED, 2, CALL_SETUP);
        }
        awaitNoLegsWatched();
        assertNoErrorsLogged();
    }

    /**
     * linphone at 100rel level 2 answers with early media: a reliable 183 with SDP and without Contact, which
     * the host PRACKs at the INVITE's target, relays reliably to a linphone caller supporting 100rel, whose PRACK
     * comes back; the answer, its ACK and both BYEs then get through.
     */
    @Test
    public void cPrackWithEarlyMediaBothWays() throws Exception {
        awaitB2bua("127.0.0.1:25890");
        try (UserAgent callee = UserAgent.linphone("gw", 25890, false, 25970,
                Map.of("REL100", "2", "EARLY_MEDIA", "1"));
                UserAgent caller = UserAgent.linphone("dave", 25891, false, 25980, Map.of("REL100", "1"))) {
            caller.command("call sip:gw@" + HOST);
            callee.await("ringing", Pattern.compile("Receiving new incoming call"), 1, CALL_SETUP);
            callee.await("its reliable 183 PRACKed by the host", request("PRACK"), 1, CALL_SETUP);
            caller.await("the reliable 183 relayed and PRACKed", request("PRACK"), 1, CALL_SETUP);
            assertTrue(caller.log(), Pattern.compile("(?ms)^SIP/2\\.0 183 .*?^RSeq:").matcher(caller.log()).find());
            assertTrue(caller.log(), caller.log().contains("m=audio"));
            callee.command("answer");
            caller.await("connected", Pattern.compile("Call 1 with .* connected"), 1, CALL_SETUP);
            callee.await("connected (ACKed)", Pattern.compile("Call 1 with .* connected"), 1, CALL_SETUP);
            caller.command("terminate");
            callee.await("hung up by the relayed BYE", Pattern.compile("Call 1 with .* ended"), 1, CALL_SETUP);
            caller.await("the 200 to its BYE", BYE_CSEQ, 2, CALL_SETUP);
            assertTrue(caller.log(), !caller.log().contains("SIP/2.0 481"));
            assertTrue(callee.log(), !callee.log().contains("SIP/2.0 481"));
        }
        awaitNoLegsWatched();
        assertNoErrorsLogged();
    }

    @Test
    public void dACallerCancellingWhileTheCalleeRingsCancelsTheGatewayLeg() throws Exception {
        awaitB2bua("127.0.0.1:25893");
        try (UserAgent callee = UserAgent.baresip("gw", 25893, 25895, 25990, false);
                UserAgent caller = UserAgent.linphone("erin", 25896, false, 26000, Map.of())) {
            callee.await("ready", "baresip is ready", CALL_SETUP);
            caller.command("call sip:gw@" + HOST);
            caller.await("ringing", Pattern.compile("Call 1 to .* ringing"), 1, CALL_SETUP);
            caller.command("terminate");
            callee.await("the relayed CANCEL", request("CANCEL"), 1, CALL_SETUP);
            callee.await("its INVITE answered 487", "SIP/2.0 487", CALL_SETUP);
            caller.await("its INVITE answered 487", "SIP/2.0 487", CALL_SETUP);
        }
        awaitNoLegsWatched();
        assertNoErrorsLogged();
    }

    private void awaitB2bua(String gateways) throws Exception {
        HostStatus host = service(HostStatus.class);
        await("the B2BUA deployed", Duration.ofSeconds(60),
                () -> host.applications().stream().anyMatch(a -> a.name().equals("b2bua")));
        configureGateways(gateways);
    }

    /** Nothing left behind: the session-timer policy watches no leg once the calls ended. */
    private void awaitNoLegsWatched() throws InterruptedException {
        await("no leg watched by the session-timer policy", Duration.ofSeconds(60), () -> {
            try {
                return shell("sipsm:session-timers").contains("0 legs watched");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
