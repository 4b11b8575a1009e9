package io.sipsm.health.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import io.sipsm.net.IpLiteral;

/**
 * Whether the host's connector holds its port: the container does not fail when its connector cannot bind, it
 * runs on nothing. Tried by binding the same address and port: that fails while the connector holds them. Nothing
 * is sent and no connection is made, so no peer-facing figure moves.
 */
final class ListeningProbe {

    private ListeningProbe() {
    }

    /**
     * @param endpoint as {@link io.sipsm.host.HostStatus#endpoint()} writes it, e.g. {@code UDP 127.0.0.1:5060}
     * @return whether something holds that port now; true for a form not understood (nothing to judge on)
     */
    static boolean held(String endpoint) {
        int space = endpoint.indexOf(' ');
        int colon = endpoint.lastIndexOf(':');
        if (space < 0 || colon < space) {
            return true;
        }
        String transport = endpoint.substring(0, space);
        String address = endpoint.substring(space + 1, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(endpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            return true;
        }
        java.util.Optional<java.net.InetAddress> literal = IpLiteral.parse(address);
        if (literal.isEmpty()) {
            return true;
        }
        InetSocketAddress where = new InetSocketAddress(literal.get(), port);
        try (Closeable socket = "TCP".equalsIgnoreCase(transport) ? new ServerSocket() : new DatagramSocket(null)) {
            if (socket instanceof ServerSocket tcp) {
                tcp.bind(where);
            } else {
                ((DatagramSocket) socket).bind(where);
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
