package io.sipsm.host.internal.valves;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.util.Iterator;
import java.util.Optional;

import javax.sip.ListeningPoint;
import javax.sip.SipStack;
import javax.sip.message.Response;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.UDPMessageChannel;

import io.sipsm.host.internal.intake.HostTcpMessageChannel;
import io.sipsm.host.internal.sip.NetworkFaults;
import io.sipsm.net.IpLiteral;

/**
 * Sees that the responses to a request from the network go back where it came from. RFC 3261 section 18.2.2
 * sends them by the top Via: over its transport, to {@code maddr}, {@code received} or the sent-by host, at the
 * {@code rport} or sent-by port. A top Via that names the host's own listening point would have the host send
 * its responses to itself, each one an error for want of a transaction, each retransmission another; one that
 * names another transport than the request came on (a UDP request with a TCP Via) had the host open a connection
 * to a port that never listened, and log the failure as an error. Such a request is answered where and how it
 * came instead, as if it had asked for it with {@code rport} (RFC 3581); one that claims to come from the host's
 * own socket is dropped. Requests the stack routes to itself never come through a socket, so none of the host's
 * own is touched. Named to the stack, with the other valves, by {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}.
 */
public class ResponseRouteValve implements SIPMessageValve {

    private SipStack stack;

    @Override
    public void init(SipStack sipStack) {
        stack = sipStack;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        Via via = request.getTopmostVia();
        if (stack == null || via == null || !fromNetwork(channel)) {
            return true;
        }
        String host = via.getMAddr() != null ? via.getMAddr()
                : via.getReceived() != null ? via.getReceived() : via.getHost();
        int port = via.getRPort() > 0 ? via.getRPort() : via.getPort() > 0 ? via.getPort()
                : "TLS".equalsIgnoreCase(via.getTransport()) ? 5061 : 5060;
        boolean loop = isOwn(host, port);
        boolean otherTransport = !channel.getTransport().equalsIgnoreCase(via.getTransport());
        if (!loop && !otherTransport) {
            return true;
        }
        InetAddress source = channel.getPeerPacketSourceAddress();
        int sourcePort = channel.getPeerPacketSourcePort();
        String from = NetworkFaults.source(source.getHostAddress(), sourcePort);
        if (isOwn(source.getHostAddress(), sourcePort)) {
            NetworkFaults.INSTANCE.record(NetworkFaults.Kind.SPOOFED_SOURCE, from, "request from the host's own port");
            return false;
        }
        try {
            via.removeParameter(Via.MADDR);
            via.setTransport(channel.getTransport());
            via.setParameter(Via.RECEIVED, source.getHostAddress());
            via.setParameter(Via.RPORT, Integer.toString(sourcePort));
        } catch (ParseException e) {
            return false;
        }
        NetworkFaults.INSTANCE.record(loop ? NetworkFaults.Kind.VIA_LOOP : NetworkFaults.Kind.VIA_TRANSPORT, from,
                loop ? "top Via naming the host itself" : "top Via of another transport than the request's");
        return true;
    }

    /** Read off a socket: a UDP datagram, or a connection a peer opened; not a message the stack routed to itself. */
    private static boolean fromNetwork(MessageChannel channel) {
        return channel.getPeerPacketSourceAddress() != null && channel.getPeerPacketSourcePort() > 0
                && (channel instanceof UDPMessageChannel || channel instanceof HostTcpMessageChannel);
    }

    private boolean isOwn(String host, int port) {
        // Only literals: a name is never looked up here (the stack answers a named sent-by at its received).
        Optional<InetAddress> literal = IpLiteral.parse(host);
        if (literal.isEmpty()) {
            return false;
        }
        InetAddress address = literal.get();
        for (Iterator<?> points = stack.getListeningPoints(); points.hasNext();) {
            ListeningPoint point = (ListeningPoint) points.next();
            if (point.getPort() != port) {
                continue;
            }
            try {
                InetAddress own = InetAddress.getByName(point.getIPAddress());
                if (own.equals(address) || own.isAnyLocalAddress() && isLocal(address)) {
                    return true;
                }
            } catch (UnknownHostException e) {
                continue;
            }
        }
        return false;
    }

    private static boolean isLocal(InetAddress address) {
        try {
            return address.isAnyLocalAddress() || address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void destroy() {
    }
}
