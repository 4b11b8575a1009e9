package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleRevisions;
import org.osgi.service.cm.ConfigurationAdmin;

import io.sipsm.host.HostStatus;

/**
 * {@code bundle:update} of the routing B2BUA with calls up through it: the new version is deployed beside the
 * old one and takes the new calls, the old one keeps its calls until their BYEs (answered 200 on both legs),
 * then goes; or, forced, ends its calls on both legs at once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApplicationUpgradeIT extends KarafTestSupport {

    private static final int HOST_PORT = 25660;
    private static final String HOST = "127.0.0.1:" + HOST_PORT;
    private static final int GATEWAY_PORT = 25670;
    private static final String B2BUA = "b2bua";
    private static final String APP = "upgradable";

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua", "sipsm-shell"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:" + GATEWAY_PORT));
    }

    @Test
    public void anUpdateKeepsTheCallsUpOnTheOldVersionAndSendsNewCallsToTheNewOne() throws Exception {
        HostStatus host = service(HostStatus.class);
        awaitSingleVersionServing(host);
        int mark = karafLog().size();
        int oldCalls = 10;
        int newCalls = 5;
        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), GATEWAY_PORT, oldCalls + newCalls);
                Sipp before = Sipp.client("uac.xml", Map.of("HOLD_MS", "30000"), HOST, 25661, oldCalls, "alice",
                        "-r", "10")) {
            await(oldCalls + " calls up on the B2BUA", Duration.ofSeconds(30),
                    () -> sessions(host, true) == oldCalls);
            int oldVersion = serving(host).version();

            shell("bundle:update " + b2bua().getBundleId());

            await("the new version serving beside the old one, which keeps its " + oldCalls + " calls",
                    Duration.ofSeconds(30), () -> serving(host) != null && serving(host).version() > oldVersion
                            && older(host).size() == 1 && older(host).get(0).activeApplicationSessions() == oldCalls);
            // The framework has let go of the old revision (its wiring disposed): the old version runs on the
            // classes it loaded at deploy.
            await("the old revision of the B2BUA bundle released", Duration.ofSeconds(30),
                    () -> b2bua().adapt(BundleRevisions.class).getRevisions().size() == 1);
            String report = shell("sipsm:host");
            System.out.println(report);
            assertTrue(report, report.contains("kept for its calls") && report.contains("serving"));

            try (Sipp after = Sipp.client("uac.xml", Map.of("HOLD_MS", "4000"), HOST, 25662, newCalls, "bob",
                    "-r", "10")) {
                await("the new calls on the new version, the old calls still on the old one", Duration.ofSeconds(20),
                        () -> sessions(host, true) == newCalls && sessions(host, false) == oldCalls);
                after.assertSucceeded(60, TimeUnit.SECONDS);
            }
            // Every old call's BYE answered 200 to the caller (uac.xml) and relayed to the gateway, which answered
            // it 200 (uas.xml); SIPp fails a call otherwise.
            before.assertSucceeded(60, TimeUnit.SECONDS);
            gateway.assertSucceeded(60, TimeUnit.SECONDS);
            assertEquals(oldCalls + newCalls, gateway.startLines().stream().filter(l -> l.startsWith("BYE ")).count());
            assertEquals(oldCalls, before.startLines().stream().filter(l -> l.startsWith("BYE ")).count());
        }
        await("the old version undeployed after its last call, no session left", Duration.ofSeconds(60),
                () -> older(host).isEmpty() && sessions(host, true) == 0);
        assertNoErrorOrStackTraceSince(mark);
    }

    @Test
    public void aForcedUndeployEndsTheOldVersionsCallsOnBothLegs() throws Exception {
        HostStatus host = service(HostStatus.class);
        awaitSingleVersionServing(host);
        int mark = karafLog().size();
        int calls = 3;
        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), GATEWAY_PORT, calls);
                Sipp callers = Sipp.client("uac-dropped.xml", Map.of(), HOST, 25663, calls, "carol", "-r", "10")) {
            await(calls + " calls up on the B2BUA", Duration.ofSeconds(30), () -> sessions(host, true) == calls);

            shell("bundle:update " + b2bua().getBundleId());
            await("the old version kept for its " + calls + " calls", Duration.ofSeconds(30),
                    () -> older(host).size() == 1 && older(host).get(0).activeApplicationSessions() == calls);

            String asked = shell("sipsm:undeploy b2bua");
            assertTrue(asked, asked.contains("kept for " + calls + " calls"));
            assertEquals("nothing ends without --force", calls, sessions(host, false));

            String forced = shell("sipsm:undeploy --force b2bua");
            assertTrue(forced, forced.contains("Undeployed 1 older version(s) of b2bua: " + calls + " calls dropped"));
            // Each caller got a BYE with a Reason (uac-dropped.xml) and the gateway one it answered 200 (uas.xml).
            callers.assertSucceeded(60, TimeUnit.SECONDS);
            gateway.assertSucceeded(60, TimeUnit.SECONDS);
        }
        await("the old version undeployed", Duration.ofSeconds(30), () -> older(host).isEmpty());
        assertEquals(0, sessions(host, true));
        assertNoErrorOrStackTraceSince(mark);
    }

    /**
     * A stopped application keeps its calls too; while no version takes new calls, they get 503 with Retry-After
     * (an update is under way, or the operator stopped it), not 404.
     */
    @Test
    public void aStoppedApplicationKeepsItsCallsAndNewCallsGet503UntilItStartsAgain() throws Exception {
        HostStatus host = service(HostStatus.class);
        awaitSingleVersionServing(host);
        int mark = karafLog().size();
        Bundle b2bua = b2bua();
        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), GATEWAY_PORT, 1);
                Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "15000"), HOST, 25664, 1, "dave")) {
            await("a call up on the B2BUA", Duration.ofSeconds(30), () -> sessions(host, true) == 1);

            shell("bundle:stop " + b2bua.getBundleId());
            await("no version serving, the old one kept for its call", Duration.ofSeconds(30),
                    () -> serving(host) == null && sessions(host, false) == 1);
            try (Sipp refused = Sipp.client("uac-rejected.xml", Map.of("STATUS", "503"), HOST, 25665, 1, "erin")) {
                refused.assertSucceeded(30, TimeUnit.SECONDS);
                assertTrue(refused.trace(), refused.trace().contains("Retry-After: 1"));
            }
            caller.assertSucceeded(60, TimeUnit.SECONDS);
            gateway.assertSucceeded(60, TimeUnit.SECONDS);
        } finally {
            b2bua.start();
        }
        awaitSingleVersionServing(host);
        assertNoErrorOrStackTraceSince(mark);
    }

    /**
     * The old version of an application runs on after the framework released its bundle revision, whose class
     * loader then refuses every class not loaded yet: its BYE handling needs a class nothing used before the
     * update, loaded by the host when the version was deployed.
     */
    @Test
    public void anOldVersionRunsOnClassesItFirstNeedsAfterItsRevisionIsReleased() throws Exception {
        HostStatus host = service(HostStatus.class);
        int mark = karafLog().size();
        routingOrder(APP);
        Bundle app = bundleContext.installBundle("sipsm-itest-upgradable", applicationJar());
        try {
            app.start();
            await("the application serving INVITE", Duration.ofSeconds(30),
                    () -> serving(host, APP) != null && host.routes().startsWith("INVITE: (\"" + APP + "\""));
            int calls = 2;
            try (Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "15000"), HOST, 25666, calls, "gina")) {
                await(calls + " calls up", Duration.ofSeconds(30), () -> sessions(host, APP, true) == calls);

                app.update(applicationJar());
                await("the new version serving, the old one kept for its calls", Duration.ofSeconds(30),
                        () -> serving(host, APP) != null && serving(host, APP).activeApplicationSessions() == 0
                                && sessions(host, APP, false) == calls);
                await("the old revision released", Duration.ofSeconds(30),
                        () -> app.adapt(BundleRevisions.class).getRevisions().size() == 1);

                // Each BYE answered 200 by the old version, through ByeAnswer.
                caller.assertSucceeded(60, TimeUnit.SECONDS);
            }
            await("the old version undeployed", Duration.ofSeconds(60), () -> older(host, APP).isEmpty());
        } finally {
            app.uninstall();
            routingOrder();
        }
        assertNoErrorOrStackTraceSince(mark);
    }

    /** A bundle of the classes of {@code io.sipsm.itests.upgradable}, taken from this test's own bundle. */
    private static InputStream applicationJar() throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "sipsm-itest-upgradable");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", "io.sipsm.itests.upgradable.UpgradableActivator");
        main.putValue("Import-Package", "javax.servlet, javax.servlet.sip, org.osgi.framework");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (String name : List.of("UpgradableActivator", "UpgradableServlet", "ByeAnswer")) {
                String path = "io/sipsm/itests/upgradable/" + name + ".class";
                jar.putNextEntry(new JarEntry(path));
                try (InputStream in = ApplicationUpgradeIT.class.getClassLoader().getResourceAsStream(path)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    /** Sets the host's routing order (none: the order of deployment), keeping its other keys. */
    private void routingOrder(String... names) throws Exception {
        org.osgi.service.cm.Configuration configuration = service(ConfigurationAdmin.class)
                .getConfiguration("io.sipsm.host", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        Dictionary<String, Object> current = configuration.getProperties();
        for (Enumeration<String> keys = current.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            properties.put(key, current.get(key));
        }
        if (names.length == 0) {
            properties.remove("routing.order");
        } else {
            properties.put("routing.order", String.join(",", names));
        }
        configuration.update(properties);
    }

    private void awaitSingleVersionServing(HostStatus host) throws InterruptedException {
        await("the B2BUA serving, no older version", Duration.ofSeconds(60),
                () -> serving(host) != null && older(host).isEmpty() && sessions(host, true) == 0);
    }

    private Bundle b2bua() {
        return Arrays.stream(bundleContext.getBundles()).filter(b -> "sipsm-b2bua".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
    }

    private static HostStatus.ApplicationVersion serving(HostStatus host) {
        return serving(host, B2BUA);
    }

    private static HostStatus.ApplicationVersion serving(HostStatus host, String name) {
        return host.versions().stream().filter(v -> v.name().equals(name) && v.serving()).findFirst().orElse(null);
    }

    private static List<HostStatus.ApplicationVersion> older(HostStatus host) {
        return older(host, B2BUA);
    }

    private static List<HostStatus.ApplicationVersion> older(HostStatus host, String name) {
        return host.versions().stream().filter(v -> v.name().equals(name) && !v.serving()).toList();
    }

    /** Application sessions of the serving version, or of the older ones. */
    private static int sessions(HostStatus host, boolean ofServing) {
        return sessions(host, B2BUA, ofServing);
    }

    private static int sessions(HostStatus host, String name, boolean ofServing) {
        return host.versions().stream().filter(v -> v.name().equals(name) && v.serving() == ofServing)
                .mapToInt(HostStatus.ApplicationVersion::activeApplicationSessions).sum();
    }
}
