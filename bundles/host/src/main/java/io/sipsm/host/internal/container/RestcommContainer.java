package io.sipsm.host.internal.container;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

import javax.servlet.sip.SipServlet;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.core.StandardServer;
import org.mobicents.servlet.sip.catalina.SipHostConfig;
import org.mobicents.servlet.sip.catalina.SipProtocolHandler;
import org.mobicents.servlet.sip.catalina.SipStandardEngine;
import org.mobicents.servlet.sip.core.SipApplicationDispatcher;
import org.mobicents.servlet.sip.router.DefaultApplicationRouterProvider;
import org.mobicents.servlet.sip.startup.SipStandardService;
import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.host.TransactionTimers;

/**
 * Restcomm SIP Servlets (on Tomcat 7 and jain-sip) embedded in the host bundle: one server, one engine, one
 * virtual host, one SIP connector. Every call into the container runs with the host bundle's class loader as
 * the thread context class loader, which is how the container finds its own classes.
 */
public final class RestcommContainer {

    /** Where the listening point is. */
    public record Endpoint(String address, int port, String transport) {
        @Override
        public String toString() {
            return transport.toUpperCase() + " " + address + ":" + port;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RestcommContainer.class);
    private static final String NAME = "sipsm";

    private final File base;
    private final ClassLoader hostLoader;
    private StandardServer server;
    private SipStandardService service;
    private StandardHost host;

    public RestcommContainer(File base, ClassLoader hostLoader) {
        this.base = base;
        this.hostLoader = hostLoader;
    }

    /** Starts the container listening on the endpoint; on failure everything started is stopped again. */
    public void start(Endpoint endpoint, int stackThreads) throws Exception {
        long started = System.nanoTime();
        File dar = new File(base, "dar.properties");
        Files.createDirectories(new File(base, "apps").toPath());
        if (!dar.exists()) {
            Files.writeString(dar.toPath(), "");
        }
        // Tomcat and the JSR 289 router factory read these from the system; the router SPI's ServiceLoader
        // lookup fails inside OSGi without the explicit provider.
        System.setProperty("catalina.base", base.getAbsolutePath());
        System.setProperty("catalina.home", base.getAbsolutePath());
        System.setProperty("javax.servlet.sip.ar.spi.SipApplicationRouterProvider",
                DefaultApplicationRouterProvider.class.getName());
        try {
            withHostLoader(() -> {
                service = new SipStandardService();
                service.setName(NAME);
                service.setSipApplicationDispatcherClassName(InterceptingDispatcher.class.getName());
                service.setSipPathName("org.mobicents.ext");
                service.setSipStackProperties(StackProperties.create(NAME, stackThreads));
                service.setDarConfigurationFileLocation(dar.toURI().toString().replace("file:/", "file:///"));
                // Statistics are on by default and post to a remote address: the host talks only to SIP peers.
                service.setGatherStatistics(false);

                SipStandardEngine engine = new SipStandardEngine();
                engine.setName(NAME);
                engine.setDefaultHost("localhost");
                engine.setParentClassLoader(hostLoader);
                engine.setService(service);
                service.setContainer(engine);

                host = new StandardHost();
                host.setName("localhost");
                host.setAppBase(new File(base, "apps").getAbsolutePath());
                host.setAutoDeploy(false);
                host.setDeployOnStartup(false);
                host.addLifecycleListener(new SipHostConfig());
                engine.addChild(host);

                service.addConnector(connector(endpoint));

                server = new StandardServer();
                server.setPort(-1);
                server.addService(service);
                server.init();
                server.start();
                return null;
            });
        } catch (Exception | LinkageError e) {
            stop();
            throw e;
        }
        LOG.info("SIP container listening on {} ({} ms)", endpoint, (System.nanoTime() - started) / 1_000_000);
    }

    public void stop() {
        StandardServer running = server;
        server = null;
        if (running == null) {
            return;
        }
        try {
            withHostLoader(() -> {
                running.stop();
                running.destroy();
                return null;
            });
            releaseEventScanner();
            LOG.info("SIP container stopped");
        } catch (Exception e) {
            LOG.error("SIP container did not stop cleanly", e);
        } finally {
            service = null;
            host = null;
        }
    }

    /**
     * Deploys a servlet as a context of its own.
     *
     * @param contextName the name the container knows the context by: the application's name, or for a version
     *        deployed beside an older one, a name of its own ({@link ApplicationWhiteboard})
     */
    public DeployedApplication deploy(String contextName, SipServlet servlet, Bundle bundle) throws Exception {
        File docBase = new File(base, "apps/" + contextName);
        Files.createDirectories(docBase.toPath());
        ClassLoader applicationLoader = ApplicationClasses.pin(bundle);
        ClassLoader parent = new BundleFallbackClassLoader(hostLoader,
                applicationLoader == null ? servlet.getClass().getClassLoader() : applicationLoader);
        return withHostLoader(() -> DeployedApplication.start(host, contextName, servlet, docBase, parent));
    }

    /** Ends every call of the application on all its legs; returns how many application sessions it held. */
    public int endCalls(DeployedApplication application, int status, String text) {
        try {
            return withHostLoader(() -> application.endCalls(status, text));
        } catch (Exception e) {
            LOG.warn("Ending the calls of SIP application {} failed: {}", application.name(), e.toString());
            return 0;
        }
    }

    public void undeploy(DeployedApplication application) {
        try {
            withHostLoader(() -> {
                application.stop(host);
                return null;
            });
        } catch (Exception e) {
            LOG.error("Undeploying SIP application {} failed", application.name(), e);
        }
    }

    /** Replaces the application router's configuration (DAR properties text). */
    public void route(String darProperties) {
        Properties properties = new Properties();
        try {
            properties.load(new java.io.StringReader(darProperties));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        dispatcher().updateApplicationRouterConfiguration(properties);
    }

    public TransactionTimers.Values timers() {
        SipApplicationDispatcher d = dispatcher();
        return new TransactionTimers.Values(d.getBaseTimerInterval(), d.getT2Interval(), d.getT4Interval(),
                d.getTimerDInterval());
    }

    public void applyTimers(TransactionTimers.Values values) {
        SipApplicationDispatcher d = dispatcher();
        // The stack keeps T2, T4 and D as multiples of T1: T1 first.
        d.setBaseTimerInterval(values.t1());
        d.setT2Interval(values.t2());
        d.setT4Interval(values.t4());
        d.setTimerDInterval(values.timerD());
        LOG.info("Transaction timers for new transactions: T1={} ms, T2={} ms, T4={} ms, Timer D={} ms",
                values.t1(), values.t2(), values.t4(), values.timerD());
    }

    /**
     * The waits the host retransmits unanswered UDP requests after, for requests sent from now on (kept across
     * container restarts, as the configuration that set it).
     */
    public static void resendOn(List<java.time.Duration> waits) {
        for (java.time.Duration wait : waits) {
            if (wait.isZero() || wait.isNegative()) {
                throw new IllegalArgumentException("retransmission waits must be positive, was " + waits);
            }
        }
        InterceptingTransactionFactory.globalResendList(waits);
        LOG.info("Requests over UDP are retransmitted after {} (empty: RFC 3261 timers A and E)", waits);
    }

    public static List<java.time.Duration> resendList() {
        return InterceptingTransactionFactory.globalResendList();
    }

    private SipApplicationDispatcher dispatcher() {
        SipStandardService running = service;
        if (running == null) {
            throw new IllegalStateException("The SIP container is not running");
        }
        return running.getSipApplicationDispatcher();
    }

    private static Connector connector(Endpoint endpoint) throws Exception {
        Connector connector = new Connector(SipProtocolHandler.class.getName());
        SipProtocolHandler handler = (SipProtocolHandler) connector.getProtocolHandler();
        handler.setIpAddress(endpoint.address());
        handler.setPort(endpoint.port());
        handler.setSignalingTransport(endpoint.transport());
        return connector;
    }

    /**
     * jain-sip's stack stop marks its event scanner stopped but leaves the thread blocked on an empty queue
     * for ever; it exits when interrupted.
     */
    private void releaseEventScanner() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if ("EventScannerThread".equals(thread.getName()) && thread.getContextClassLoader() == hostLoader) {
                thread.interrupt();
            }
        }
    }

    private <T> T withHostLoader(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(hostLoader);
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
