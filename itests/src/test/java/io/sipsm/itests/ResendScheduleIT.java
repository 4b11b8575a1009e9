package io.sipsm.itests;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.host.HostStatus;

/**
 * Issue 26, item 1 on the wire: an INVITE to a gateway that never answers is retransmitted at the waits of the
 * call's SS_SIP_RESEND_INTERVAL, not at RFC 3261's doubling T1, and at most SS_SIP_SEND_RETRY times; then
 * setup timeouts give it up and the caller gets 408. One tenant per list of the guides (selected by the
 * caller's Request-URI domain), five calls at once to one silent gateway that notes when each copy arrives.
 * Alongside, a sixth call the gateway answers and whose BYE it never answers: the host's BYE follows the global
 * list, which is not T1 doubling.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ResendScheduleIT extends KarafTestSupport {

    private static final int HOST_PORT = 26060;
    private static final int GATEWAY_PORT = 26070;
    /** How far from its due time a copy may arrive (issue 26). */
    private static final long TOLERANCE_MILLIS = 50;

    /**
     * The guides' lists by deployment type (io.sipsm.config.internal.Presets): standard (the VOS3000 default),
     * aggressive retry and unstable networks from the guides, fast failover and high reliability as the presets
     * have them.
     */
    private static final Map<String, String> LISTS = new LinkedHashMap<>();

    static {
        LISTS.put("standard", "0.5,1,2,4,4,4,4,4,4,4");
        LISTS.put("aggressive", "0.5,0.5,1,1,2,2,4,4,4,4");
        LISTS.put("unstable", "0.5,1,2,4,8,8,8,8,8,8");
        LISTS.put("fastfailover", "0.5,1,2");
        LISTS.put("highreliability", "1,2,4,8,8,8,8,8,8,8");
    }

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua", "sipsm-config", "sipsm-setup-timeouts"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:" + GATEWAY_PORT),
                editConfigurationFilePut("etc/io.sipsm.host.cfg", "overload.enabled", "false"));
    }

    @Test
    public void aSilentGatewayGetsEachTenantsInviteAtTheWaitsOfItsList() throws Exception {
        HostStatus host = service(HostStatus.class);
        await("the B2BUA deployed", Duration.ofSeconds(60),
                () -> host.applications().stream().anyMatch(a -> a.name().equals("b2bua")));
        configureGateways("127.0.0.1:" + GATEWAY_PORT);
        globalList(GLOBAL_LIST);
        for (Map.Entry<String, String> list : LISTS.entrySet()) {
            tenant(list.getKey(), list.getValue());
        }
        Map<String, RawSip> callers = new LinkedHashMap<>();
        try (SilentGateway gateway = SilentGateway.listen(GATEWAY_PORT)) {
            try {
                for (String name : LISTS.keySet()) {
                    RawSip caller = RawSip.open("udp", HOST_PORT);
                    callers.put(name, caller);
                    caller.send(caller.fill(invite(name, name + ".test")));
                }
                // A call the gateway answers, then never answers its BYE: a non-INVITE request of the host's on
                // the global list (no tenant), copies going on until the list is spent.
                gateway.answerInvitesTo("bye");
                RawSip byeCaller = RawSip.open("udp", HOST_PORT);
                callers.put("bye", byeCaller);
                byeCaller.send(byeCaller.fill(invite("bye", "127.0.0.1:" + HOST_PORT)));
                RawSip.Response ok = byeCaller.finalResponse("resend-bye", Duration.ofSeconds(10)).orElseThrow();
                assertTrue(ok.text(), ok.status() == 200);
                byeCaller.send(byeCaller.fill(inDialog("ACK", 1, ok)));
                byeCaller.send(byeCaller.fill(inDialog("BYE", 2, ok)));
                // Each caller gets the 408 once setup timeouts gave its gateway up (half the last wait after the
                // last copy); the longest list, high reliability, ends about 67 s after its INVITE.
                Map<String, Integer> finals = new LinkedHashMap<>();
                for (Map.Entry<String, RawSip> caller : callers.entrySet()) {
                    if (caller.getKey().equals("bye")) {
                        continue;
                    }
                    Optional<RawSip.Response> answer = caller.getValue().finalResponse("resend-" + caller.getKey(),
                            Duration.ofSeconds(90));
                    finals.put(caller.getKey(), answer.map(RawSip.Response::status).orElse(-1));
                }
                List<String> report = new ArrayList<>();
                List<String> wrong = new ArrayList<>();
                // The BYE's last copy is due at the end of the global list; the transaction's timeout follows.
                await("the BYE's copies", Duration.ofSeconds(30),
                        () -> gateway.requests("BYE", "gw").size() > dueMillis(GLOBAL_LIST).size());
                Map<String, String> measured = new LinkedHashMap<>(LISTS);
                measured.put("bye", GLOBAL_LIST);
                for (Map.Entry<String, String> list : measured.entrySet()) {
                    boolean bye = list.getKey().equals("bye");
                    List<Long> due = dueMillis(list.getValue());
                    List<SilentGateway.Arrival> copies = bye ? gateway.requests("BYE", "gw")
                            : gateway.requests("INVITE", list.getKey());
                    List<Long> offsets = new ArrayList<>();
                    for (int i = 1; i < copies.size(); i++) {
                        offsets.add((copies.get(i).nanos() - copies.get(0).nanos()) / 1_000);
                    }
                    report.add((bye ? "BYE, global" : "INVITE, " + list.getKey()) + " list " + list.getValue()
                            + ": due " + due + " ms, measured " + offsets.stream().map(ResendScheduleIT::millis).toList()
                            + " ms" + (bye ? "" : ", caller got " + finals.get(list.getKey())));
                    if (offsets.size() != due.size()) {
                        wrong.add(list.getKey() + ": " + offsets.size() + " retransmissions, expected " + due.size());
                    }
                    for (int i = 0; i < Math.min(offsets.size(), due.size()); i++) {
                        long late = offsets.get(i) / 1000 - due.get(i);
                        if (Math.abs(late) > TOLERANCE_MILLIS) {
                            wrong.add(list.getKey() + ": copy " + (i + 1) + " at " + millis(offsets.get(i)) + " ms, due "
                                    + due.get(i) + " ms");
                        }
                    }
                    if (copies.stream().map(SilentGateway.Arrival::callId).distinct().count() != 1) {
                        wrong.add(list.getKey() + ": copies of more than one gateway INVITE");
                    }
                    if (!bye && finals.get(list.getKey()) != 408) {
                        wrong.add(list.getKey() + ": the caller got " + finals.get(list.getKey()) + ", not 408");
                    }
                }
                record(report);
                assertTrue(String.join("\n", wrong) + "\n" + String.join("\n", report), wrong.isEmpty());
            } finally {
                for (RawSip caller : callers.values()) {
                    caller.close();
                }
            }
        }
        assertNoErrorsLogged();
    }

    /** The global list, which the host's BYE follows: not T1 doubling, so RFC 3261 Timer E would differ. */
    private static final String GLOBAL_LIST = "0.25,0.5,0.5,1,1,2,2,4";

    private void globalList(String list) throws Exception {
        Hashtable<String, Object> keys = new Hashtable<>();
        keys.put("SS_SIP_RESEND_INTERVAL", list);
        service(ConfigurationAdmin.class).getConfiguration("io.sipsm.sip", "?").update(keys);
        SettingsResolver resolver = service(SettingsResolver.class);
        io.sipsm.host.TransactionTimers host = service(io.sipsm.host.TransactionTimers.class);
        List<Duration> waits = waits(list);
        await("global list " + list, Duration.ofSeconds(30), () -> resolver.global().settings().resendIntervals()
                .equals(waits) && host.resendList().equals(waits));
    }

    /** An ACK or BYE of the caller in the dialog the 200 set up, to the host (the B2BUA's Contact). */
    private static String inDialog(String method, int cseq, RawSip.Response ok) {
        String contact = ok.header("Contact").orElseThrow();
        String target = contact.substring(contact.indexOf('<') + 1, contact.indexOf('>'));
        return method + " " + target + " SIP/2.0\r\n"
                + "Via: SIP/2.0/@TRANSPORT@ 127.0.0.1:@PORT@;branch=z9hG4bK-bye-" + method + "\r\n"
                + "From: <sip:caller@127.0.0.1:@PORT@>;tag=resend-bye\r\n"
                + "To: " + ok.header("To").orElseThrow() + "\r\n"
                + "Call-ID: resend-bye\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** A tenant for calls to {@code name}.test with this resend list, known to the settings before this returns. */
    private void tenant(String name, String list) throws Exception {
        org.osgi.service.cm.Configuration tenant = service(ConfigurationAdmin.class)
                .getFactoryConfiguration("io.sipsm.sip.tenant", "resend-" + name, "?");
        Hashtable<String, Object> keys = new Hashtable<>();
        keys.put("tenant.name", name);
        keys.put("tenant.selector", "domain:" + name + ".test");
        keys.put("SS_SIP_RESEND_INTERVAL", list);
        // Longer than the longest list's window, so the list, not the INVITE timeout, ends the attempt.
        keys.put("SS_SIP_TIMEOUT_INVITE", "120");
        tenant.update(keys);
        SettingsResolver resolver = service(SettingsResolver.class);
        List<Duration> waits = waits(list);
        await("tenant " + name, Duration.ofSeconds(30), () -> {
            var effective = resolver.resolve(new NewCall(name + ".test", "127.0.0.1", "b2bua"));
            return effective.tenant().equals(Optional.of(name))
                    && effective.settings().resendIntervals().equals(waits);
        });
    }

    private static String invite(String name, String domain) {
        String callId = "resend-" + name;
        String uri = "sip:" + name + "@" + domain;
        return "INVITE " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/@TRANSPORT@ 127.0.0.1:@PORT@;branch=z9hG4bK-" + callId + "\r\n"
                + "From: <sip:caller@127.0.0.1:@PORT@>;tag=" + callId + "\r\n"
                + "To: <" + uri + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:caller@127.0.0.1:@PORT@>\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static List<Duration> waits(String list) {
        List<Duration> waits = new ArrayList<>();
        for (String value : list.split(",")) {
            waits.add(Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000)));
        }
        return waits;
    }

    /** When each retransmission is due after the first send: the running sums of the list. */
    private static List<Long> dueMillis(String list) {
        List<Long> due = new ArrayList<>();
        long sum = 0;
        for (Duration wait : waits(list)) {
            sum += wait.toMillis();
            due.add(sum);
        }
        return due;
    }

    private static String millis(long micros) {
        return String.format(java.util.Locale.ROOT, "%.1f", micros / 1000.0);
    }

    /** Leaves the measured offsets in the Karaf folder the test ran in (kept under target/exam). */
    private static void record(List<String> report) {
        try {
            Files.write(Path.of(System.getProperty("karaf.base", "."), "resend-offsets.txt"), report);
        } catch (IOException | RuntimeException e) {
            // The figures are in the assertion message when it matters.
        }
    }
}
