package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.sip.SipApplicationSessionEvent;
import javax.servlet.sip.SipApplicationSessionListener;
import javax.servlet.ServletException;
import javax.servlet.sip.SipServlet;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import io.sipsm.host.CallLeg;
import io.sipsm.host.HostStatus;
import io.sipsm.host.InboundRequest;
import io.sipsm.host.SipApplications;
import io.sipsm.host.SipMessage;
import io.sipsm.host.SipMessageInterceptor;
import io.sipsm.host.TransactionTimers;

/**
 * An application bundle's servlet deployed into the running host and taken away again, with host-wide
 * listeners and message interceptors seeing its calls.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT extends KarafTestSupport {

    private static final int HOST_PORT = 25160;
    private static final String HOST = "127.0.0.1:" + HOST_PORT;

    @Configuration
    public Option[] config() {
        return karaf(HOST_PORT, "sipsm-host");
    }

    @Test
    public void deployedApplicationAnswersAndUndeployedOneGets404() throws Exception {
        HostStatus host = service(HostStatus.class);
        AtomicInteger created = new AtomicInteger();
        AtomicInteger destroyed = new AtomicInteger();
        ServiceRegistration<?> listener = bundleContext.registerService(SipApplicationSessionListener.class,
                new SipApplicationSessionListener() {
                    @Override public void sessionCreated(SipApplicationSessionEvent e) { created.incrementAndGet(); }
                    @Override public void sessionDestroyed(SipApplicationSessionEvent e) { destroyed.incrementAndGet(); }
                    @Override public void sessionExpired(SipApplicationSessionEvent e) { }
                    @Override public void sessionReadyToInvalidate(SipApplicationSessionEvent e) { }
                }, properties(SipApplications.APPLICATION, SipApplications.ALL));
        ServiceRegistration<SipServlet> echo = bundleContext.registerService(SipServlet.class, new EchoServlet(),
                properties(SipApplications.APPLICATION, "echo", SipApplications.METHODS, "INVITE"));
        try {
            await("echo deployed", Duration.ofSeconds(30),
                    () -> host.applications().stream().anyMatch(a -> a.name().equals("echo")));
            assertTrue(host.routes(), host.routes().startsWith("INVITE: (\"echo\""));

            try (Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), HOST, 25161, 1, "alice")) {
                caller.assertSucceeded(30, TimeUnit.SECONDS);
                List<String> lines = caller.startLines().stream().filter(l -> !l.contains(" 100 ")).toList();
                assertEquals(List.of("INVITE sip:alice@" + HOST + " SIP/2.0", "SIP/2.0 180 Ringing", "SIP/2.0 200 OK"),
                        lines.subList(0, 3));
                assertTrue(lines.toString(), lines.get(3).startsWith("ACK ") && lines.get(4).startsWith("BYE ")
                        && lines.get(5).equals("SIP/2.0 200 OK"));
            }
            await("the host-wide listener saw the call's application session", Duration.ofSeconds(10),
                    () -> created.get() == 1);
        } finally {
            echo.unregister();
        }
        // It takes no new calls at once, and goes when its last application session has ended.
        await("echo undeployed", Duration.ofSeconds(60),
                () -> host.applications().isEmpty() && host.versions().isEmpty());
        assertEquals("", host.routes());
        // The call had ended; its application session goes with it, or with the version kept for it.
        await("the call's application session destroyed", Duration.ofSeconds(60), () -> destroyed.get() >= 1);

        try (Sipp caller = Sipp.client("uac-rejected.xml", Map.of("STATUS", "404"), HOST, 25162, 1, "alice")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
        }
        listener.unregister();

        // A clean undeploy leaves nothing behind: the same name deploys and answers again.
        echo = bundleContext.registerService(SipServlet.class, new EchoServlet(),
                properties(SipApplications.APPLICATION, "echo", SipApplications.METHODS, "INVITE"));
        try {
            await("echo redeployed", Duration.ofSeconds(30),
                    () -> host.applications().stream().anyMatch(a -> a.name().equals("echo")));
            try (Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "100"), HOST, 25165, 1, "alice")) {
                caller.assertSucceeded(30, TimeUnit.SECONDS);
            }
        } finally {
            echo.unregister();
        }
        assertNoErrorsLogged();
    }

    /**
     * Servlets registered under one application name: the highest service ranking serves, the others wait
     * shadowed (named in HostStatus), the next serves when the first goes, and a shadowed one going away leaves
     * the one serving in place.
     */
    @Test
    public void aServletOfTheSameNameWaitsShadowedAndServesWhenTheFirstGoes() throws Exception {
        HostStatus host = service(HostStatus.class);
        ServiceRegistration<SipServlet> first = register("dup", new RejectingServlet(486), 0);
        ServiceRegistration<SipServlet> higher = null;
        ServiceRegistration<SipServlet> lower = null;
        try {
            await("dup deployed", Duration.ofSeconds(30),
                    () -> host.applications().stream().anyMatch(a -> a.name().equals("dup")));
            assertCallAnswered(486, 25167);

            higher = register("dup", new RejectingServlet(603), 10);
            long firstId = serviceId(first);
            long higherId = serviceId(higher);
            await("the first servlet shadowed by the higher-ranked one", Duration.ofSeconds(30),
                    () -> host.notDeployed().stream().anyMatch(n -> n.serviceId() == firstId
                            && n.reason().equals("shadowed by service " + higherId + " of bundle "
                                    + bundleContext.getBundle().getSymbolicName())));
            assertCallAnswered(603, 25168);

            higher.unregister();
            higher = null;
            await("the first servlet serves again", Duration.ofSeconds(30), () -> host.notDeployed().isEmpty()
                    && host.applications().stream().anyMatch(a -> a.name().equals("dup")));
            assertCallAnswered(486, 25169);

            lower = register("dup", new RejectingServlet(480), -5);
            long lowerId = serviceId(lower);
            await("the lower-ranked servlet shadowed", Duration.ofSeconds(30),
                    () -> host.notDeployed().stream().anyMatch(n -> n.serviceId() == lowerId));
            lower.unregister();
            lower = null;
            await("the shadowed servlet forgotten", Duration.ofSeconds(30), () -> host.notDeployed().isEmpty());
            assertEquals(1, host.applications().stream().filter(a -> a.name().equals("dup")).count());
            assertCallAnswered(486, 25170);
        } finally {
            for (ServiceRegistration<SipServlet> r : Arrays.asList(lower, higher, first)) {
                if (r != null) {
                    r.unregister();
                }
            }
        }
        await("dup undeployed", Duration.ofSeconds(30),
                () -> host.applications().stream().noneMatch(a -> a.name().equals("dup")));
    }

    private ServiceRegistration<SipServlet> register(String name, SipServlet servlet, int ranking) {
        Dictionary<String, Object> properties = properties(SipApplications.APPLICATION, name,
                SipApplications.METHODS, "INVITE");
        properties.put(Constants.SERVICE_RANKING, ranking);
        return bundleContext.registerService(SipServlet.class, servlet, properties);
    }

    private static long serviceId(ServiceRegistration<?> registration) {
        return (Long) registration.getReference().getProperty(Constants.SERVICE_ID);
    }

    private static void assertCallAnswered(int status, int callerPort) throws Exception {
        try (Sipp caller = Sipp.client("uac-rejected.xml", Map.of("STATUS", Integer.toString(status)), HOST,
                callerPort, 1, "alice")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
        }
    }

    /** Rejects every INVITE with its status, so a call shows which servlet of a name serves. */
    public static class RejectingServlet extends SipServlet {

        private static final long serialVersionUID = 1L;
        private final int status;

        RejectingServlet(int status) {
            this.status = status;
        }

        @Override
        protected void doInvite(SipServletRequest request) throws ServletException, IOException {
            request.createResponse(status).send();
        }
    }

    @Test
    public void interceptorsAnswerIncomingRequestsAndAmendOutgoingResponses() throws Exception {
        HostStatus host = service(HostStatus.class);
        SipMessageInterceptor interceptor = new SipMessageInterceptor() {
            @Override
            public Disposition incomingRequest(InboundRequest request) {
                if (request.isInitial() && request.header("To").contains("sip:blocked@")) {
                    request.respond(403, null, Map.of("Reason", "SIP;cause=403;text=\"blocked by policy\""));
                    return Disposition.CONSUME;
                }
                return Disposition.PASS;
            }

            @Override
            public void outgoingResponse(SipMessage response) {
                if ("INVITE".equals(response.method())) {
                    response.setHeader("X-Policy", "seen " + response.status());
                }
            }
        };
        ServiceRegistration<SipMessageInterceptor> registration = bundleContext
                .registerService(SipMessageInterceptor.class, interceptor, null);
        ServiceRegistration<SipServlet> echo = bundleContext.registerService(SipServlet.class, new EchoServlet(),
                properties(SipApplications.APPLICATION, "echo2", SipApplications.METHODS, "INVITE"));
        try {
            await("echo2 deployed", Duration.ofSeconds(30),
                    () -> host.applications().stream().anyMatch(a -> a.name().equals("echo2")));
            try (Sipp caller = Sipp.client("uac-rejected.xml", Map.of("STATUS", "403"), HOST, 25163, 1, "blocked")) {
                caller.assertSucceeded(30, TimeUnit.SECONDS);
                assertTrue(caller.trace(), caller.trace().contains("blocked by policy"));
            }
            try (Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "100"), HOST, 25164, 1, "alice")) {
                caller.assertSucceeded(30, TimeUnit.SECONDS);
                assertTrue(caller.trace(), caller.trace().contains("X-Policy: seen 180"));
                assertTrue(caller.trace(), caller.trace().contains("X-Policy: seen 200"));
            }
        } finally {
            echo.unregister();
            registration.unregister();
        }
    }

    @Test
    public void anAnswerTheCallerNeverAcknowledgesEndsWithAByeAndInterceptorsHearTheLegEnded() throws Exception {
        HostStatus host = service(HostStatus.class);
        TransactionTimers timers = service(TransactionTimers.class);
        TransactionTimers.Values before = timers.current();
        List<String> ended = new CopyOnWriteArrayList<>();
        SipMessageInterceptor interceptor = new SipMessageInterceptor() {
            @Override
            public void legEnded(CallLeg leg) {
                ended.add(leg.callId());
            }
        };
        ServiceRegistration<SipMessageInterceptor> registration = bundleContext
                .registerService(SipMessageInterceptor.class, interceptor, null);
        ServiceRegistration<SipServlet> echo = bundleContext.registerService(SipServlet.class, new EchoServlet(),
                properties(SipApplications.APPLICATION, "echo4", SipApplications.METHODS, "INVITE"));
        // T1 = 100 ms: the host gives up on the unacknowledged 2xx after 64·T1 = 6.4 s.
        timers.apply(new TransactionTimers.Values(100, 4000, 5000, 32000));
        try {
            await("echo4 deployed", Duration.ofSeconds(30),
                    () -> host.applications().stream().anyMatch(a -> a.name().equals("echo4")));
            try (Sipp caller = Sipp.client("st-caller-no-ack.xml", Map.of("OFFER", "1800"), HOST, 25166, 1, "alice")) {
                caller.assertSucceeded(30, TimeUnit.SECONDS);
                String callId = caller.trace().replaceAll("(?s).*?Call-ID: *([^\\r\\n]+).*", "$1");
                await("the interceptor heard the leg of " + callId + " end", Duration.ofSeconds(10),
                        () -> ended.contains(callId));
            }
        } finally {
            timers.apply(before);
            echo.unregister();
            registration.unregister();
        }
        assertNoErrorsLogged();
    }

    @Test
    public void policyProbesAndEndsAConfirmedLegWithoutTheApplicationSeeingIt() throws Exception {
        HostStatus host = service(HostStatus.class);
        AtomicReference<CallLeg> answered = new AtomicReference<>();
        SipMessageInterceptor interceptor = new SipMessageInterceptor() {
            @Override
            public void outgoingResponse(SipMessage response) {
                if ("INVITE".equals(response.method()) && response.status() == 200) {
                    response.leg().ifPresent(answered::set);
                }
            }
        };
        ServiceRegistration<SipMessageInterceptor> registration = bundleContext
                .registerService(SipMessageInterceptor.class, interceptor, null);
        RecordingEchoServlet servlet = new RecordingEchoServlet();
        ServiceRegistration<SipServlet> echo = bundleContext.registerService(SipServlet.class, servlet,
                properties(SipApplications.APPLICATION, "echo3", SipApplications.METHODS, "INVITE"));
        try (Sipp caller = Sipp.client("uac-ended-by-host.xml", Map.of("REASON", "policy test"), HOST, 25166, 1,
                "alice")) {
            // The ACK, not the leg's state: the leg is confirmed as the 2xx leaves, and a probe sent then can
            // reach the caller before the 2xx it has not yet read.
            await("the call answered and acknowledged", Duration.ofSeconds(30),
                    () -> answered.get() != null && servlet.requests.contains("ACK"));
            assertEquals(CallLeg.State.CONFIRMED, answered.get().state());
            CallLeg leg = answered.get();
            assertTrue(leg.isInbound());
            assertEquals("echo3", leg.application());

            CompletableFuture<SipMessage> probe = new CompletableFuture<>();
            leg.send("OPTIONS", Map.of(), null, null, probe::complete);
            assertEquals(200, probe.get(10, TimeUnit.SECONDS).status());

            leg.end(408, "policy test");
            caller.assertSucceeded(30, TimeUnit.SECONDS);
            await("the leg terminated", Duration.ofSeconds(10), () -> leg.state() == CallLeg.State.TERMINATED);
            assertEquals("the application saw only its own call's requests", List.of("INVITE", "ACK"),
                    servlet.requests);
            assertEquals("the application saw no response to the host's BYE", List.of(), servlet.responses);
        } finally {
            echo.unregister();
            registration.unregister();
        }
        assertNoErrorsLogged();
    }

    /** The echo application, recording what reaches it. */
    public static class RecordingEchoServlet extends EchoServlet {
        private static final long serialVersionUID = 1L;
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<String> responses = new CopyOnWriteArrayList<>();

        @Override
        protected void doRequest(SipServletRequest request) throws ServletException, IOException {
            requests.add(request.getMethod());
            super.doRequest(request);
        }

        @Override
        protected void doResponse(SipServletResponse response) throws ServletException, IOException {
            responses.add(response.getStatus() + " " + response.getMethod());
            super.doResponse(response);
        }
    }

    static Dictionary<String, Object> properties(Object... keyValues) {
        Hashtable<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }
}
