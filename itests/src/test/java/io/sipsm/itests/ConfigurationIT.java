package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
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

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.config.SipKey;
import io.sipsm.config.ValueSource;
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
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua", "sipsm-config", "sipsm-shell"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:" + SILENT_GATEWAY));
    }

    @Test
    public void a_editOfTheResendListMovesTheHostTimersAndTheGapsOnTheWire() throws Exception {
        TransactionTimers timers = service(TransactionTimers.class);
        SettingsResolver settings = service(SettingsResolver.class);
        await("defaults applied to the host", Duration.ofSeconds(30), () -> timers.current().t1() == 500);
        // The B2BUA deploys after the timers apply: an INVITE before it would find no application.
        awaitHostTakesCalls("udp", HOST_PORT);

        shell("config:edit io.sipsm.sip", "config:property-set SS_SIP_RESEND_INTERVAL 0.25,0.5,1,2,2,2",
                "config:update");

        await("T1 = 250 ms, T2 = 2 s", Duration.ofSeconds(30),
                () -> timers.current().t1() == 250 && timers.current().t2() == 2000);
        assertTrue(settings.global().resend().exact());
        assertEquals(ValueSource.GLOBAL, settings.global().source(SipKey.RESEND_INTERVAL));

        // An INVITE to a gateway that never answers is retransmitted at the list's waits (issue 26; this list is
        // also T1 doubling, so RFC 3261 Timer A would send the first four alike). ResendScheduleIT measures others.
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
            // Timer B = 64·T1 = 16 s, then the caller gets the gateway failure.
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
