package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Digest authentication of callers from untrusted sources, with SIPp's own digest code as the user agent: only
 * 127.0.0.2 is trusted, so SIPp on 127.0.0.1 is challenged (401), authenticates with {@code -au/-ap} and its call
 * reaches the gateway; its credentials sent again in a new INVITE are challenged again, a wrong password gets
 * 403, and neither reaches the gateway. SIPp 3.6.1 knows MD5 only and reads the first challenge, so its user has
 * an MD5 HA1 only: the host then offers MD5 alone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DigestAuthIT extends KarafTestSupport {

    private static final int HOST_PORT = 26160;
    private static final int GATEWAY_PORT = 26170;
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final Duration CALL_SETUP = Duration.ofSeconds(30);
    private static final String AUTHENTICATED = "Authenticated \\(untrusted source, digest\\): (\\d+)";
    private static final String REPLAYED = "Not authenticated: .*replayed (\\d+)";
    private static final String WRONG = "Not authenticated: .*wrong_response (\\d+)";

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua", "sipsm-config", "sipsm-shell"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:" + GATEWAY_PORT));
    }

    @Test
    public void untrustedCallersAuthenticateOrGoNowhere() throws Exception {
        String host = "127.0.0.1:" + HOST_PORT;
        io.sipsm.host.HostStatus status = service(io.sipsm.host.HostStatus.class);
        await("the B2BUA deployed", Duration.ofSeconds(60),
                () -> status.applications().stream().anyMatch(a -> a.name().equals("b2bua")));
        int mark = karafLog().size();
        configureGateways("127.0.0.1:" + GATEWAY_PORT);
        long authenticatedBefore = counter(AUTHENTICATED);
        long replayedBefore = counter(REPLAYED);
        long wrongBefore = counter(WRONG);
        org.osgi.service.cm.Configuration sip = service(ConfigurationAdmin.class).getConfiguration("io.sipsm.sip",
                "?");
        sip.update(new Hashtable<>(Map.of("trusted.sources", "127.0.0.2",
                "auth.user.alice", "MD5:" + hex("MD5", "alice:sipsm:secret"))));
        await("alice may authenticate", Duration.ofSeconds(30), () -> shellQuietly("sipsm:callers").contains(
                "Digest users for untrusted sources: realm \"sipsm\", users [alice]"));

        // Challenged, then authenticated: the call reaches the gateway and completes.
        String authorization;
        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), GATEWAY_PORT, 1);
                Sipp caller = Sipp.client("uac-auth.xml", Map.of("HOLD_MS", "200"), host, 26161, 1, "alice",
                        "-au", "alice", "-ap", "secret")) {
            caller.assertSucceeded(60, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
            assertEquals(List.of("INVITE sip:alice@127.0.0.1:" + GATEWAY_PORT + " SIP/2.0"),
                    gateway.startLines().stream().filter(l -> l.startsWith("INVITE ")).toList());
            assertFalse("the credentials stay at the host", gateway.trace().contains("Authorization"));
            String trace = caller.trace();
            assertTrue(trace, Pattern.compile("(?m)^WWW-Authenticate: Digest realm=\"sipsm\",\\s*nonce=\"[^\"]+\","
                    + "\\s*algorithm=MD5,\\s*qop=\"auth\"").matcher(trace).find());
            Matcher sent = Pattern.compile("(?m)^Authorization: (Digest .*)$").matcher(trace);
            assertTrue(trace, sent.find());
            authorization = sent.group(1).trim();
        }
        assertEquals(authenticatedBefore + 1, counter(AUTHENTICATED));

        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), GATEWAY_PORT, 1)) {
            // The same credentials in a new INVITE (a captured packet replayed): challenged again.
            try (RawSip attacker = RawSip.open("udp", HOST_PORT)) {
                attacker.send(attacker.fill(invite("replay-1", authorization)));
                assertEquals(401, attacker.finalResponse("replay-1", ANSWER).orElseThrow().status());
                // Without credentials: challenged; with made-up ones: challenged, never relayed.
                attacker.send(attacker.fill(invite("bare-1", null)));
                assertEquals(401, attacker.finalResponse("bare-1", ANSWER).orElseThrow().status());
                // OPTIONS as an INVITE would be (RFC 3261 11.2): challenged. A keep-alive to the host itself (no
                // user part) is the host's own stateless 200, as a proxy's probe needs, naming no software.
                attacker.send(attacker.fill(options("options-1", "sip:alice@127.0.0.1:" + HOST_PORT)));
                assertEquals(401, attacker.finalResponse("options-1", ANSWER).orElseThrow().status());
                attacker.send(attacker.fill(options("keepalive-1", "sip:127.0.0.1:" + HOST_PORT)));
                RawSip.Response keepAlive = attacker.finalResponse("keepalive-1", ANSWER).orElseThrow();
                assertEquals(keepAlive.text(), 200, keepAlive.status());
                assertFalse(keepAlive.text(), Pattern.compile("(?mi)^(Server|User-Agent):").matcher(keepAlive.text())
                        .find());
            }
            // A wrong password: refused after the challenge.
            try (Sipp caller = Sipp.client("uac-auth-refused.xml", Map.of("STATUS", "403"), host, 26162, 1, "alice",
                    "-au", "alice", "-ap", "guess")) {
                caller.assertSucceeded(60, TimeUnit.SECONDS);
            }
            // A trusted caller still needs nothing; its INVITE is the only one the gateway gets.
            try (Sipp trusted = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), host, 26163, 1, "carol", "-i",
                    "127.0.0.2")) {
                trusted.assertSucceeded(60, TimeUnit.SECONDS);
            }
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
            assertEquals(List.of("INVITE sip:carol@127.0.0.1:" + GATEWAY_PORT + " SIP/2.0"),
                    gateway.startLines().stream().filter(l -> l.startsWith("INVITE ")).toList());
        }
        String shown = shell("sipsm:callers");
        assertEquals(shown, replayedBefore + 1, counter(REPLAYED));
        assertEquals(shown, wrongBefore + 1, counter(WRONG));
        assertEquals(shown, authenticatedBefore + 1, counter(AUTHENTICATED));
        assertFalse("no log line per request",
                karafLog().stream().anyMatch(l -> l.matches(".*\\| (CallerAdmission|DigestAuthenticator) +\\|.*")));
        assertNoErrorOrStackTraceSince(mark);
    }

    /**
     * linphonec (belle-sip's digest, RFC 8760) as an untrusted caller with a user that has both HA1s: offered
     * SHA-256 first, it answers with SHA-256, and its call reaches baresip as the gateway and ends with its BYE.
     * Run where linphonec finds a default route (see toolchain notes): without one it opens no SIP socket.
     */
    @Test
    public void linphoneAuthenticatesWithSha256() throws Exception {
        io.sipsm.host.HostStatus status = service(io.sipsm.host.HostStatus.class);
        await("the B2BUA deployed", Duration.ofSeconds(60),
                () -> status.applications().stream().anyMatch(a -> a.name().equals("b2bua")));
        int mark = karafLog().size();
        configureGateways("127.0.0.1:26180");
        long authenticatedBefore = counter(AUTHENTICATED);
        org.osgi.service.cm.Configuration sip = service(ConfigurationAdmin.class).getConfiguration("io.sipsm.sip",
                "?");
        sip.update(new Hashtable<>(Map.of("trusted.sources", "127.0.0.2", "auth.realm", "carrier.example",
                "auth.user.bob", "SHA-256:" + hex("SHA-256", "bob:carrier.example:s3cret") + ",MD5:"
                        + hex("MD5", "bob:carrier.example:s3cret"))));
        await("bob may authenticate", Duration.ofSeconds(30), () -> shellQuietly("sipsm:callers").contains(
                "Digest users for untrusted sources: realm \"carrier.example\", users [bob]"));
        String auth = "[auth_info_0]\nusername=bob\npasswd=s3cret\nrealm=carrier.example\n";
        try (UserAgent gateway = UserAgent.baresip("gw", 26180, 26182, 26190, true);
                UserAgent caller = UserAgent.linphone("bob", 26185, false, 26200, Map.of("AUTH", auth))) {
            gateway.await("ready", "baresip is ready", CALL_SETUP);
            caller.command("call sip:gw@127.0.0.1:" + HOST_PORT);
            caller.await("connected", Pattern.compile("Call 1 with .* connected"), 1, CALL_SETUP);
            gateway.await("established", "Call established", CALL_SETUP);
            String log = caller.log();
            assertTrue(caller.report(), Pattern.compile("(?m)^WWW-Authenticate: Digest realm=\"carrier.example\",\\s*"
                    + "nonce=\"[^\"]+\",\\s*algorithm=SHA-256").matcher(log).find());
            assertTrue(caller.report(), Pattern.compile("(?m)^Authorization:\\s+Digest .*algorithm=SHA-256").matcher(log)
                    .find());
            caller.command("terminate");
            gateway.await("hung up by the caller's BYE", Pattern.compile("session closed|Call with .* terminated"),
                    1, CALL_SETUP);
            assertFalse("the credentials stay at the host", gateway.log().contains("Authorization:"));
        }
        assertEquals(authenticatedBefore + 1, counter(AUTHENTICATED));
        assertNoErrorOrStackTraceSince(mark);
    }

    private static String invite(String callId, String authorization) {
        String uri = "sip:alice@127.0.0.1:" + HOST_PORT;
        return "INVITE " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/@TRANSPORT@ 127.0.0.1:@PORT@;branch=z9hG4bK-" + callId + "\r\n"
                + "From: <sip:mallory@127.0.0.1:@PORT@>;tag=" + callId + "\r\n"
                + "To: <" + uri + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:mallory@127.0.0.1:@PORT@>\r\n"
                + "Max-Forwards: 70\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: 0\r\n\r\n";
    }

    private static String options(String callId, String uri) {
        return "OPTIONS " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/@TRANSPORT@ 127.0.0.1:@PORT@;branch=z9hG4bK-" + callId + "\r\n"
                + "From: <sip:scanner@127.0.0.1:@PORT@>;tag=" + callId + "\r\n"
                + "To: <" + uri + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private long counter(String regex) {
        String shown = shellQuietly("sipsm:callers");
        Matcher m = Pattern.compile(regex).matcher(shown);
        return m.find() ? Long.parseLong(m.group(1)) : shown.contains("Not authenticated") ? 0 : -1;
    }

    static String hex(String algorithm, String text) throws Exception {
        byte[] digest = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%0" + digest.length * 2 + "x", new BigInteger(1, digest));
    }
}
