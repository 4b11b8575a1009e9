package io.sipsm.b2bua.internal;

import java.io.IOException;
import java.util.List;

import javax.servlet.ServletException;
import javax.servlet.sip.SipFactory;
import javax.servlet.sip.SipServlet;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.SettingsResolver;
import io.sipsm.gateway.GatewayAvailability;
import io.sipsm.host.RefusedCall;
import io.sipsm.host.RefusedCallListener;
import io.sipsm.host.SipApplications;

/**
 * The routing B2BUA, deployed by the host as the SIP application {@value #APPLICATION_NAME} for initial INVITEs.
 * Each call goes to the configured gateways in order (see {@link B2buaConfig}); everything after the answer
 * is relayed between the two legs. Per-call state lives in the container's sessions ({@link CallState}); the
 * fields that change are the settings snapshot new calls start from and the optional
 * {@link GatewayAvailability} service, without which every gateway is available.
 */
@Component(
        service = {SipServlet.class, RefusedCallListener.class},
        configurationPid = B2buaConfig.PID,
        immediate = true,
        property = {
            SipApplications.APPLICATION + "=" + RoutingB2buaServlet.APPLICATION_NAME,
            SipApplications.METHODS + "=INVITE"
        })
@Designate(ocd = B2buaConfig.class)
public class RoutingB2buaServlet extends SipServlet implements RefusedCallListener {

    /** The application name the host deploys this servlet under. */
    static final String APPLICATION_NAME = "b2bua";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RoutingB2buaServlet.class);

    private final transient DialogRelay relay = new DialogRelay();
    private final transient AvailabilityLookup availability = new AvailabilityLookup();
    private final transient TenantLookup tenants = new TenantLookup();
    private final transient CallFigures figures;
    private final transient CallRecorder recorder;
    private transient volatile RoutingSettings settings;
    private transient CallSetup callSetup;
    /** The configuration last seen, to tell what an edit changed. */
    private transient B2buaConfig stored;

    /** A value refused here takes its default: there is nothing earlier to keep. */
    @Activate
    public RoutingB2buaServlet(B2buaConfig config, @Reference CallFigures figures) {
        this.figures = figures;
        this.recorder = new CallRecorder(figures);
        RoutingSettings.Reading reading = RoutingSettings.read(config, RoutingSettings.DEFAULTS);
        reading.refusals().forEach(refusal -> LOG.error("{}; it takes its default", refusal));
        settings = reading.settings();
        stored = config;
        LOG.info("B2BUA configured: {}", settings);
    }

    /**
     * Swaps the settings for new calls. An edit that brings a bad value is refused whole, naming key, value and
     * reason, and the last good settings stay. A bad value refused earlier and left stored does not block later
     * edits of other keys: its key keeps its last good value and the line says how to remove it.
     */
    @Modified
    void modified(B2buaConfig config) {
        RoutingSettings.Reading reading = RoutingSettings.read(config, settings);
        B2buaConfig before = stored;
        stored = config;
        List<RoutingSettings.Refusal> brought = reading.refusals().stream().filter(refusal -> !RoutingSettings
                .valueOf(before, refusal.key()).equals(RoutingSettings.valueOf(config, refusal.key()))).toList();
        if (!brought.isEmpty()) {
            brought.forEach(refusal -> LOG.error("{}; the edit is refused, keeping {}", refusal, settings));
            return;
        }
        reading.refusals().forEach(refusal -> LOG.error("{}; refused before, it keeps its last good value while the"
                + " other keys apply (remove it: config:property-delete -p {} {})", refusal, B2buaConfig.PID,
                refusal.key()));
        settings = reading.settings();
        LOG.info("B2BUA reconfigured: {}", settings);
    }

    /** The settings new calls start from. */
    RoutingSettings settings() {
        return settings;
    }

    /** Optional and dynamic: calls keep flowing while the availability bundle is absent or being replaced. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAvailability(GatewayAvailability service) {
        availability.bind(service);
        LOG.info("B2BUA skips gateways that GatewayAvailability reports unavailable");
    }

    void unbindAvailability(GatewayAvailability service) {
        availability.unbind(service);
    }

    /** Optional and dynamic: without Event Admin calls go on and their records are not published. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEvents(EventAdmin service) {
        recorder.bindEvents(service);
    }

    void unbindEvents(EventAdmin service) {
        recorder.unbindEvents(service);
    }

    /**
     * Optional and dynamic: names each call's tenant in its figures and its record; without it calls count under
     * no tenant.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSettings(SettingsResolver service) {
        tenants.bind(service);
    }

    void unbindSettings(SettingsResolver service) {
        tenants.unbind(service);
    }

    /**
     * A call the host refused before it reached this B2BUA (for load, or by a policy) gets its record too, counted
     * under its tenant like the calls the B2BUA carried.
     */
    @Override
    public void callRefused(RefusedCall call) {
        String tenant = tenants.tenantOf(call.callId(), call.requestDomain(), call.sourceAddress(), APPLICATION_NAME);
        recorder.record(RefusedCalls.recordOf(call, tenant));
    }

    @Override
    public void init() throws ServletException {
        SipFactory sipFactory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        if (sipFactory == null) {
            throw new ServletException("The servlet context has no " + SIP_FACTORY);
        }
        callSetup = new CallSetup(sipFactory, relay, availability, figures, recorder);
    }

    @Override
    protected void doRequest(SipServletRequest request) throws ServletException, IOException {
        switch (request.getMethod()) {
            case "ACK" -> relay.ack(request);
            case "CANCEL" -> relay.cancel(request);
            case "PRACK" -> relay.prack(request);
            default -> {
                if (!request.isInitial()) {
                    if ("BYE".equals(request.getMethod())) {
                        callSetup.onBye(request);
                    }
                    relay.request(request);
                } else if ("INVITE".equals(request.getMethod())) {
                    callSetup.start(request, settings, tenants.tenantOf(request, APPLICATION_NAME));
                } else {
                    // The router sends this application initial INVITEs only.
                    request.createResponse(SipServletResponse.SC_METHOD_NOT_ALLOWED).send();
                }
            }
        }
    }

    @Override
    protected void doResponse(SipServletResponse response) throws ServletException, IOException {
        // 100 Trying is hop by hop; a CANCEL's answer concerns this B2BUA only (the caller's was sent already).
        if (response.getStatus() == SipServletResponse.SC_TRYING || "CANCEL".equals(response.getMethod())) {
            return;
        }
        if (CallState.isSetupResponse(response)) {
            callSetup.onResponse(response);
        } else if (!relay.response(response)) {
            LOG.debug("call {}: {} to {} has no request left to answer on the other leg",
                    CallState.callId(response), response.getStatus(), response.getMethod());
        }
    }
}
