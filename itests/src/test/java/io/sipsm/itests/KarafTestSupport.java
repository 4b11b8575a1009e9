package io.sipsm.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.BundleContext;

/** Boots a stock Karaf with the project's feature repository and waits for state, never for time. */
public abstract class KarafTestSupport {

    @Inject
    protected BundleContext bundleContext;

    /** Karaf with the given features installed at boot and the SIP host on 127.0.0.1:{@code sipPort}. */
    protected static Option[] karaf(int sipPort, String... featureNames) {
        String version = System.getProperty("project.version");
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(maven("org.apache.karaf", "apache-karaf", System.getProperty("karaf.version"))
                                .type("tar.gz"))
                        .unpackDirectory(new File("target/exam")).useDeployFolder(false),
                keepRuntimeFolder(),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                // What bin/karaf opens, and what Tomcat 7 needs besides to stop a context on JDK 17.
                vmOptions("--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
                        "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.security=ALL-UNNAMED",
                        "--add-opens=java.naming/javax.naming.spi=ALL-UNNAMED",
                        "--add-opens=java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                        "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED", "-Xmx512m"),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("maven.repo.local")),
                editConfigurationFilePut("etc/io.sipsm.host.cfg", "port", Integer.toString(sipPort)),
                systemProperty("sipsm.sipp.dir").value(System.getProperty("sipsm.sipp.dir")),
                features(maven("io.sipsm", "sipsm-features", version).classifier("features").type("xml"),
                        featureNames)));
        return options.toArray(Option[]::new);
    }

    /** Waits until the condition holds, failing with {@code what} after the timeout. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(20_000_000);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** The command's output, or empty while it cannot run yet (its bundle starting): for awaits. */
    protected String shellQuietly(String command) {
        try {
            return shell(command);
        } catch (Exception e) {
            return "";
        }
    }

    /**
     * Runs shell commands in one session, as an admin (the shell's command ACLs check the roles), and returns
     * what they printed.
     */
    protected String shell(String... commands) throws Exception {
        SessionFactory sessions = service(SessionFactory.class);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        Session session = sessions.create(new java.io.ByteArrayInputStream(new byte[0]), out, out);
        javax.security.auth.Subject admin = new javax.security.auth.Subject();
        admin.getPrincipals().add(new RolePrincipal("admin"));
        admin.getPrincipals().add(new RolePrincipal("manager"));
        admin.getPrincipals().add(new RolePrincipal("viewer"));
        try {
            javax.security.auth.Subject.doAs(admin, (java.security.PrivilegedExceptionAction<Void>) () -> {
                for (String command : commands) {
                    out.println("> " + command);
                    Object result = session.execute(command);
                    if (result != null) {
                        out.println(result);
                    }
                }
                return null;
            });
        } catch (java.security.PrivilegedActionException e) {
            throw new AssertionError("Shell command failed: " + e.getCause() + "\n" + bytes, e.getCause());
        } finally {
            session.close();
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Fails when the host or an application logged an error or an exception since the container started. */
    protected static void assertNoErrorsLogged() {
        List<String> errors = karafLog().stream()
                .filter(line -> line.contains("sipsm") && (line.contains("| ERROR |") || line.contains("Exception")))
                .toList();
        if (!errors.isEmpty()) {
            throw new AssertionError("Errors in the Karaf log:\n" + String.join("\n", errors));
        }
    }

    /**
     * Stricter than {@link #assertNoErrorsLogged}: no ERROR line from any logger and no stack trace in the Karaf
     * log after line {@code mark} (a {@code karafLog().size()} taken before).
     */
    protected static void assertNoErrorOrStackTraceSince(int mark) {
        List<String> lines = karafLog();
        List<String> errors = lines.subList(Math.min(mark, lines.size()), lines.size()).stream()
                .filter(line -> line.contains("| ERROR |") || line.startsWith("\tat ") || line.startsWith("Caused by:"))
                .toList();
        if (!errors.isEmpty()) {
            throw new AssertionError("Errors in the Karaf log:\n" + String.join("\n", errors));
        }
    }

    /** Waits for a line of the Karaf log to match: the logger writes it after the state a test sees changes. */
    protected static void awaitLogged(String what, Predicate<String> line) throws InterruptedException {
        await("log line: " + what, Duration.ofSeconds(60), () -> karafLog().stream().anyMatch(line));
    }

    protected static void awaitLogged(String text) throws InterruptedException {
        awaitLogged(text, l -> l.contains(text));
    }

    protected static List<String> karafLog() {
        try {
            return Files.readAllLines(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sets the routing B2BUA's gateways and waits until its servlet service shows them (the service carries the
     * configuration the B2BUA runs with).
     */
    protected void configureGateways(String... gateways) throws Exception {
        org.osgi.service.cm.Configuration configuration = service(org.osgi.service.cm.ConfigurationAdmin.class)
                .getConfiguration("io.sipsm.b2bua", "?");
        java.util.Hashtable<String, Object> properties = new java.util.Hashtable<>();
        properties.put("gateways", gateways);
        configuration.update(properties);
        await("B2BUA gateways " + String.join(",", gateways), Duration.ofSeconds(30), () -> {
            org.osgi.framework.ServiceReference<javax.servlet.sip.SipServlet> reference = bundleContext
                    .getServiceReference(javax.servlet.sip.SipServlet.class);
            Object value = reference == null ? null : reference.getProperty("gateways");
            return value instanceof String[] actual && java.util.Arrays.equals(gateways, actual);
        });
    }

    /** Moves the host's connector to {@code transport} (udp or tcp) and waits until the B2BUA is deployed on it. */
    protected void hostTransport(String transport, int port) throws Exception {
        updateHost(Map.of("transport", transport));
        awaitHostTakesCalls(transport, port);
    }

    /** Sets keys of the host's configuration ({@code io.sipsm.host}), keeping the others; does not wait. */
    protected void updateHost(Map<String, ?> keys) throws Exception {
        org.osgi.service.cm.Configuration configuration = service(org.osgi.service.cm.ConfigurationAdmin.class)
                .getConfiguration("io.sipsm.host", "?");
        java.util.Hashtable<String, Object> properties = new java.util.Hashtable<>();
        java.util.Dictionary<String, Object> current = configuration.getProperties();
        for (java.util.Enumeration<String> names = current == null ? java.util.Collections.emptyEnumeration()
                : current.keys(); names.hasMoreElements();) {
            String key = names.nextElement();
            properties.put(key, current.get(key));
        }
        properties.putAll(keys);
        configuration.update(properties);
    }

    /** Removes a key of the host's configuration, keeping the others; does not wait. */
    protected void removeHostKey(String key) throws Exception {
        org.osgi.service.cm.Configuration configuration = service(org.osgi.service.cm.ConfigurationAdmin.class)
                .getConfiguration("io.sipsm.host", "?");
        java.util.Dictionary<String, Object> properties = configuration.getProperties();
        if (properties != null && properties.get(key) != null) {
            properties.remove(key);
            configuration.update(properties);
        }
    }

    /** The status a proxy's keep-alive OPTIONS to the host on {@code port} (UDP) gets now, -1 for none. */
    protected static int keepAlive(int port) {
        try (RawSip peer = RawSip.open("udp", port)) {
            return peer.probe(Duration.ofSeconds(2));
        } catch (IOException e) {
            return -1;
        }
    }

    /** Waits until a probe over the transport is answered 200: the host takes calls (an application takes INVITE). */
    protected static void awaitHostTakesCalls(String transport, int port) throws InterruptedException {
        await("host taking calls on " + transport.toUpperCase() + " 127.0.0.1:" + port, Duration.ofSeconds(60), () -> {
            try (RawSip peer = RawSip.open(transport, port)) {
                return peer.probe(Duration.ofSeconds(1)) == 200;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    /**
     * The service, waiting up to 60 s for it. Asked for again until it comes rather than tracked once: while
     * its component still activates (the host starts the container in its constructor), getting it can fail
     * with SCR's "Could not obtain lock", and a tracker then never tries that registration again.
     */
    protected <T> T service(Class<T> type) throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<T> found = new java.util.concurrent.atomic.AtomicReference<>();
        await("a " + type.getName() + " service", Duration.ofSeconds(60), () -> {
            org.osgi.framework.ServiceReference<T> reference = bundleContext.getServiceReference(type);
            if (reference != null) {
                try {
                    found.set(bundleContext.getService(reference));
                } catch (RuntimeException activationUnderWay) {
                    return false;
                }
            }
            return found.get() != null;
        });
        return found.get();
    }
}
