package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.osgi.service.cm.ConfigurationAdmin;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.config.SipKey;
import io.sipsm.config.ValueSource;
import io.sipsm.host.ResendSchedule;
import io.sipsm.host.TransactionTimers;

/** The SS_SIP_* table edited through the Karaf shell, observed in the host's timers, on the wire and per tenant. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ConfigurationIT extends KarafTestSupport {

    private static final int HOST_PORT = 25560;
    private static final int SILENT_GATEWAY = 25570;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua", "sipsm-config", "sipsm-shell", "sipsm-setup-timeouts"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:" + SILENT_GATEWAY));
    }

    @Test
    public void a_editOfTheResendListMovesTheHostTimersAndTheGapsOnTheWire() throws Exception {
        TransactionTimers timers = service(TransactionTimers.class);
        SettingsResolver settings = service(SettingsResolver.class);
        await("defaults applied to the host", Duration.ofSeconds(30), () -> timers.current().t1() == 500);
        awaitHostTakesCalls("udp", HOST_PORT);

        shell("config:edit io.sipsm.sip", "config:property-set SS_SIP_RESEND_INTERVAL 0.25,0.5,1,2,2,2",
                "config:update");

        await("T1 = 250 ms, T2 = 2 s", Duration.ofSeconds(30),
                () -> timers.current().t1() == 250 && timers.current().t2() == 2000);
        assertTrue(settings.global().resend().exact());
        assertEquals(ValueSource.GLOBAL, settings.global().source(SipKey.RESEND_INTERVAL));

        // An INVITE to a gateway that never answers is retransmitted on the list.
        try (Sipp gateway = Sipp.server("silent.xml", Map.of("WAIT_MS", "5000"), SILENT_GATEWAY, 1);
                Sipp caller = Sipp.client("uac-rejected.xml", Map.of("STATUS", "408"), "127.0.0.1:" + HOST_PORT,
                        25561, 1, "dave")) {
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
            List<Long> gaps = gapsMillis(receiveTimes(gateway.trace(), "INVITE"));
            assertTrue("retransmissions seen: " + gaps, gaps.size() >= 4);
            long[] expected = {250, 500, 1000, 2000};
            for (int i = 0; i < expected.length; i++) {
                assertTrue("gap " + (i + 1) + " of " + gaps + " should be " + expected[i] + " ms",
                        Math.abs(gaps.get(i) - expected[i]) <= 120);
            }
            // Given up after the last copy (7.75 s) and half the last wait, then the caller gets the gateway failure.
            caller.assertSucceeded(40, TimeUnit.SECONDS);
        }
    }

    @Test
    public void b_tenantCreatedWithConfigEditFactoryGovernsItsDomainOnly() throws Exception {
        SettingsResolver settings = service(SettingsResolver.class);
        shell("config:edit --factory --alias acme io.sipsm.sip.tenant",
                "config:property-set tenant.selector domain:acme.example.com",
                "config:property-set SS_SIP_TIMEOUT_RINGING 30", "config:update");

        await("tenant acme", Duration.ofSeconds(30),
                () -> settings.tenants().stream().anyMatch(t -> t.name().equals("acme")));
        EffectiveSettings acme = settings.resolve(new NewCall("acme.example.com", "127.0.0.1", "b2bua"));
        EffectiveSettings other = settings.resolve(new NewCall("other.example.com", "127.0.0.1", "b2bua"));
        assertEquals(Duration.ofSeconds(30), acme.settings().ringingTimeout());
        assertEquals(ValueSource.tenant("acme"), acme.source(SipKey.TIMEOUT_RINGING));
        assertEquals(Duration.ofSeconds(120), other.settings().ringingTimeout());
        assertEquals(ValueSource.DEFAULT, other.source(SipKey.TIMEOUT_RINGING));
        // What the tenant does not set comes from the global PID.
        assertEquals(ValueSource.GLOBAL, acme.source(SipKey.RESEND_INTERVAL));

        String tenants = shell("sipsm:tenants");
        assertTrue(tenants, tenants.contains("acme") && tenants.contains("domain:acme.example.com"));
        String forAcme = shell("sipsm:settings --domain acme.example.com");
        assertTrue(forAcme, forAcme.lines().anyMatch(l -> l.contains("SS_SIP_TIMEOUT_RINGING") && l.contains("tenant acme")));
    }

    @Test
    public void c_invalidEditIsRefusedLoggedAndChangesNothing() throws Exception {
        TransactionTimers timers = service(TransactionTimers.class);
        SettingsResolver settings = service(SettingsResolver.class);
        EffectiveSettings before = settings.global();

        shell("config:edit io.sipsm.sip", "config:property-set SS_SIP_RESEND_INTERVAL 0.5,abc", "config:update");

        await("the edit refused", Duration.ofSeconds(30), () -> settings.lastRejection().isPresent());
        assertEquals("SS_SIP_RESEND_INTERVAL", settings.lastRejection().get().key());
        assertEquals("0.5,abc", settings.lastRejection().get().value());
        assertEquals(before.settings(), settings.global().settings());
        assertEquals(250, timers.current().t1());
        awaitLogged("PID, key, value and reason", l -> l.contains("io.sipsm.sip")
                && l.contains("SS_SIP_RESEND_INTERVAL=0.5,abc") && l.contains("'abc' is not a number of seconds"));
        assertFalse("no stack trace for a refused edit",
                karafLog().stream().anyMatch(l -> l.contains("InvalidSettingException")));

        String shown = shell("sipsm:settings");
        assertTrue("the shell shows the refused edit:\n" + shown, shown.contains("SS_SIP_RESEND_INTERVAL=0.5,abc"));
        String validated = shell("sipsm:validate SS_SIP_SEND_RETRY 11", "sipsm:validate SS_SIP_TIMEOUT_RINGING 60");
        assertTrue(validated, validated.contains("Refused: SS_SIP_SEND_RETRY=11 rejected"));
        assertTrue(validated, validated.contains("OK: io.sipsm.sip would accept SS_SIP_TIMEOUT_RINGING=60"));
        assertEquals("validating applies nothing", Duration.ofSeconds(120), settings.global().settings().ringingTimeout());
    }

    /**
     * A resend list measured on the wire: {@code name} is the tenant (none: the global list), {@code user} the
     * number its caller dials, {@code source} the loopback address it calls from.
     */
    private record Listed(String name, String user, String source, String list, int retry) {

        ResendSchedule schedule() {
            return ResendSchedule.of(Arrays.stream(list.split(","))
                    .map(v -> Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000))).toList(), retry);
        }
    }

    /**
     * The guides' lists, each on its own call at once (the global one, and tenants chosen by the caller's
     * source address), to one gateway that never answers: every copy of each INVITE reaches the gateway within
     * 50 ms of its due time on the list, never one more than SS_SIP_SEND_RETRY, and the call then fails with the
     * setup-timeouts behaviour (no other gateway: the caller gets 408). The guides' five lists: standard (the
     * default), aggressive retry, unstable networks and high reliability cut by SS_SIP_SEND_RETRY (6 and 5) to keep
     * the test near 35 s, with their 8 s steps by then; fast failover has three values for a retry count of 10.
     */
    @Test
    public void d_everyRetransmissionLeavesOnTheCallsResendList() throws Exception {
        List<Listed> lists = List.of(
                new Listed(null, "standard", "127.0.0.1", "0.5,1,2,4,4,4,4,4,4,4", 10),
                new Listed("aggressive", "aggressive", "127.0.0.11", "0.5,0.5,1,1,2,2,4,4,4,4", 10),
                new Listed("unstable", "unstable", "127.0.0.12", "0.5,1,2,4,8,8,8,8,8,8", 6),
                new Listed("fastfailover", "fastfailover", "127.0.0.13", "0.5,1,2", 10),
                new Listed("highreliability", "highreliability", "127.0.0.14", "1,2,4,8,8,8,8,8,8,8", 5));
        ConfigurationAdmin admin = service(ConfigurationAdmin.class);
        SettingsResolver settings = service(SettingsResolver.class);
        Hashtable<String, Object> global = new Hashtable<>();
        global.put("SS_SIP_RESEND_INTERVAL", lists.get(0).list());
        global.put("SS_SIP_TIMEOUT_INVITE", "120");
        admin.getConfiguration("io.sipsm.sip", "?").update(global);
        for (Listed listed : lists.subList(1, lists.size())) {
            Hashtable<String, Object> tenant = new Hashtable<>();
            tenant.put("tenant.selector", "source:" + listed.source() + "/32");
            tenant.put("SS_SIP_RESEND_INTERVAL", listed.list());
            tenant.put("SS_SIP_SEND_RETRY", Integer.toString(listed.retry()));
            admin.getFactoryConfiguration("io.sipsm.sip.tenant", listed.name(), "?").update(tenant);
        }
        TransactionTimers host = service(TransactionTimers.class);
        await("global list and tenants in force", Duration.ofSeconds(30), () -> lists.stream().allMatch(l -> {
            EffectiveSettings s = settings.resolve(new NewCall(null, l.source(), "b2bua"));
            return s.settings().retransmissions() == l.schedule().retransmissions()
                    && s.settings().text(SipKey.RESEND_INTERVAL).equals(l.list());
        }) && lists.get(0).schedule().equals(host.resendSchedule()));

        long spentBefore = retransmissionsSpent();
        long started = System.nanoTime();
        List<Sipp> callers = new ArrayList<>();
        try (SilentGateway gateway = new SilentGateway(SILENT_GATEWAY)) {
            try {
                int port = 25581;
                for (Listed listed : lists) {
                    callers.add(Sipp.client("uac-rejected.xml", Map.of("STATUS", "408"), "127.0.0.1:" + HOST_PORT,
                            port++, 1, listed.user(), "-i", listed.source()));
                }
                for (Sipp caller : callers) {
                    caller.assertSucceeded(60, TimeUnit.SECONDS);
                }
            } finally {
                for (Sipp caller : callers) {
                    caller.close();
                }
            }
            StringBuilder report = new StringBuilder();
            List<String> late = new ArrayList<>();
            for (Listed listed : lists) {
                List<Long> copies = gateway.inviteArrivalsMillis(listed.user());
                ResendSchedule schedule = listed.schedule();
                report.append(listed.list()).append(" x").append(listed.retry()).append(": ").append(copies)
                        .append('\n');
                assertEquals("copies of the INVITE for " + listed.user() + ": " + copies,
                        schedule.retransmissions() + 1, copies.size());
                for (int k = 1; k <= schedule.retransmissions(); k++) {
                    long due = schedule.due(k).toMillis();
                    if (Math.abs(copies.get(k) - due) > 50) {
                        late.add(listed.user() + " copy " + k + " at " + copies.get(k) + " ms, due " + due + " ms");
                    }
                }
            }
            System.out.println("Retransmissions seen by the gateway, ms after the first copy:\n" + report
                    + "test took " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
            assertTrue("every copy within 50 ms of its due time: " + late + "\n" + report, late.isEmpty());
        }
        // Each attempt was ended by the setup-timeouts policy, counted as its resend list spent.
        await("five attempts counted as retransmissions spent", Duration.ofSeconds(10),
                () -> retransmissionsSpent() - spentBefore == lists.size());
    }

    /** The calls {@code sipsm:setup-timeouts} counts as ended by their resend list. */
    private long retransmissionsSpent() {
        String figures;
        try {
            figures = shell("sipsm:setup-timeouts");
        } catch (Exception e) {
            throw new AssertionError("sipsm:setup-timeouts failed", e);
        }
        Matcher count = Pattern.compile("(?m)^\\s*retransmissions spent\\s*\\|\\s*(\\d+)\\s*\\|").matcher(figures);
        return count.find() ? Long.parseLong(count.group(1)) : 0;
    }

    /**
     * A gateway 600 ms away (its 100 Trying leaves 600 ms after each INVITE): the first call's INVITE is
     * retransmitted at 500 ms, before its answer could come; from its answer on the host has learned the gateway's
     * T1 (RFC 6298: 600 + 4 x 300 ms), and the next calls' INVITEs are sent once. {@code sipsm:host} shows it.
     */
    @Test
    public void e_aSlowGatewaysT1IsLearnedFromItsAnswers() throws Exception {
        updateHost(Map.of("t1.learned.peers", "127.0.0.1:" + SILENT_GATEWAY));
        awaitLogged("learning switched on", l -> l.contains("T1 learned from response times now t1.learned.peers=127.0.0.1:"
                + SILENT_GATEWAY));

        try (Sipp gateway = Sipp.server("gateway-slow-trying.xml", Map.of("DELAY_MS", "600"), SILENT_GATEWAY, 3);
                Sipp caller = Sipp.client("uac-rejected.xml", Map.of("STATUS", "486"), "127.0.0.1:" + HOST_PORT,
                        25591, 3, "erin", "-l", "1")) {
            caller.assertSucceeded(60, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
            List<Long> invites = receiveTimes(gateway.trace(), "INVITE");
            assertEquals("INVITE copies at the gateway, ms of the day: " + invites
                    + " (the first call's once retransmitted, then none)", 4, invites.size());
            assertTrue("the first call's copy came 0.5 s after it: " + invites,
                    Math.abs(invites.get(1) - invites.get(0) - 500) <= 50);
        }
        String shown = shell("sipsm:host");
        assertTrue(shown, shown.lines().anyMatch(l -> l.contains("127.0.0.1:" + SILENT_GATEWAY) && l.matches(".*\\|\\s*3\\s*$")));
        updateHost(Map.of("t1.learned.peers", ""));
    }

    /** A gateway that never answers: notes when each INVITE arrives, by the user it is for. */
    private static final class SilentGateway implements AutoCloseable {

        private final DatagramSocket socket;
        private final Thread reader;
        private final Map<String, List<long[]>> arrivals = new ConcurrentHashMap<>();

        SilentGateway(int port) throws IOException {
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", port));
            reader = new Thread(this::read, "silent-gateway");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            byte[] buffer = new byte[65_535];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (IOException closed) {
                    return;
                }
                long now = System.nanoTime();
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                Matcher invite = INVITE_LINE.matcher(text);
                if (invite.find()) {
                    arrivals.computeIfAbsent(invite.group(1), u -> new CopyOnWriteArrayList<>()).add(new long[] {now});
                }
            }
        }

        /** When each copy of the INVITE for this user arrived, in ms after the first. */
        List<Long> inviteArrivalsMillis(String user) {
            List<long[]> copies = arrivals.getOrDefault(user, List.of());
            if (copies.isEmpty()) {
                return List.of();
            }
            long first = copies.get(0)[0];
            return copies.stream().map(c -> (c[0] - first) / 1_000_000).toList();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static final Pattern INVITE_LINE = Pattern.compile("^INVITE sip:([^@;>\\s]+)@");

    @Test
    public void d_profileSetsTheTenantsPresetsExplicitKeysOverrideAndABadNameIsRefused() throws Exception {
        SettingsResolver settings = service(SettingsResolver.class);
        shell("config:edit --factory --alias pbx io.sipsm.sip.tenant",
                "config:property-set tenant.selector domain:pbx.example.com",
                "config:property-set tenant.profile enterprise-pbx,aggressive-retry",
                "config:property-set SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP 45", "config:update");

        await("tenant pbx", Duration.ofSeconds(30),
                () -> settings.tenants().stream().anyMatch(t -> t.name().equals("pbx")));
        EffectiveSettings pbx = settings.resolve(new NewCall("pbx.example.com", "127.0.0.1", "b2bua"));
        assertEquals(2, pbx.settings().sessionUpdateSegment());
        assertEquals("tenant pbx preset enterprise-pbx", pbx.source(SipKey.SESSION_UPDATE_SEGMENT).toString());
        assertEquals("0.5,0.5,1,1,2,2,4,4,4,4", pbx.settings().text(SipKey.RESEND_INTERVAL));
        assertEquals("tenant pbx preset aggressive-retry", pbx.source(SipKey.RESEND_INTERVAL).toString());
        assertEquals("the explicit key overrides the preset", Duration.ofSeconds(45), pbx.settings().earlyHangup());
        assertEquals(ValueSource.tenant("pbx"), pbx.source(SipKey.SESSION_TIMEOUT_EARLY_HANGUP));

        String shown = shell("sipsm:settings --tenant pbx");
        assertTrue(shown, shown.lines().anyMatch(l -> l.contains("SS_SIP_SESSION_UPDATE_SEGMENT")
                && l.contains("tenant pbx preset enterprise-pbx")));
        assertTrue(shown, shown.lines().anyMatch(l -> l.contains("SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP")
                && l.contains("tenant pbx") && !l.contains("preset")));

        String pid = settings.tenants().stream().filter(t -> t.name().equals("pbx")).findFirst().orElseThrow().pid();
        shell("config:edit " + pid, "config:property-set tenant.profile call-centre", "config:update");
        await("the unknown preset refused", Duration.ofSeconds(30), () -> settings.lastRejection()
                .filter(r -> r.key().equals("tenant.profile")).isPresent());
        assertEquals("call-centre", settings.lastRejection().get().value());
        assertEquals("the last good settings stay", pbx,
                settings.resolve(new NewCall("pbx.example.com", "127.0.0.1", "b2bua")));
        awaitLogged("key, value and reason", l -> l.contains("tenant.profile=call-centre rejected: unknown preset"
                + " 'call-centre'"));

        // No policy feature is installed here: the command runs and says which figures are unknown.
        String diagnosis = shell("sipsm:diagnose");
        assertTrue(diagnosis, diagnosis.contains("Not fully checked: calls cut at 30 min: unknown, nothing publishes"
                + " sipsm_session_timer_events_total"));
    }

    private static final Pattern RECEIVED = Pattern.compile(
            "-{10,} \\d{4}-\\d{2}-\\d{2} (\\d{2}:\\d{2}:\\d{2}\\.\\d{6})\\s+UDP message received[^\\n]*\\n\\s*(\\S+)");

    /** Receive times, in milliseconds of the day, of the requests of this method in a SIPp message trace. */
    static List<Long> receiveTimes(String trace, String method) {
        List<Long> times = new ArrayList<>();
        Matcher m = RECEIVED.matcher(trace);
        while (m.find()) {
            if (m.group(2).equals(method)) {
                times.add(LocalTime.parse(m.group(1)).toNanoOfDay() / 1_000_000);
            }
        }
        return times;
    }

    static List<Long> gapsMillis(List<Long> times) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(times.get(i) - times.get(i - 1));
        }
        return gaps;
    }
}
