package io.sipsm.host.internal.intake;

import java.net.InetAddress;

import javax.sip.SipStack;
import javax.sip.message.Response;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import io.sipsm.host.internal.admission.InputLimits;
import io.sipsm.host.internal.admission.LimitSettings;
import io.sipsm.host.internal.sip.NetworkFaults;
import io.sipsm.net.IpLiteral;

/**
 * Drops initial requests from a source address beyond {@link LimitSettings#initialRate()} a second, as
 * Kamailio's pike does: no answer (an answer would be traffic toward an address that may be forged, for a
 * sender that ignores it anyway), no transaction, no log line per request; counted. Requests inside a dialog
 * or ending one always pass, and so do loopback sources unless configured otherwise: the machine's own proxy (as
 * in {@code cluster/}), load generators and tools are the operator's. First of the valves named to the stack by {@code
 * gov.nist.javax.sip.SIP_MESSAGE_VALVE}, so a flood costs no more than its parse.
 */
public class SourceRateValve implements SIPMessageValve {

    private final InputLimits limits = InputLimits.INSTANCE;

    @Override
    public void init(SipStack stack) {
        // Nothing of the stack's is needed.
    }

    @Override
    public void destroy() {
        // Nothing held.
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        LimitSettings settings = limits.settings();
        int perSecond = settings.initialRate();
        if (perSecond <= 0 || !OverloadValve.isInitial(request)) {
            return true;
        }
        String source = channel.getPeerAddress();
        if (source == null || settings.rateExemptsLoopback() && loopback(source)) {
            return true;
        }
        if (limits.rates().admit(source, perSecond)) {
            return true;
        }
        NetworkFaults.INSTANCE.record(NetworkFaults.Kind.INITIAL_RATE, source,
                "more than " + perSecond + " initial requests a second");
        return false;
    }

    private static boolean loopback(String address) {
        return IpLiteral.parse(address).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }
}
