package io.sipsm.publish.internal;

import java.util.Locale;

import io.sipsm.net.IpLiteral;

/**
 * A gateway by address and SIP port, as publications are kept and routing asks for them. IP addresses are
 * kept in the JDK's canonical text ({@code 0:0:0:0:0:0:0:1} for {@code [::1]}), so differently written
 * forms of one address meet; host names are lower-cased and never resolved.
 *
 * @param host the canonical address, or the lower-case host name
 * @param port the SIP port, 1 to 65535
 */
record GatewayAddress(String host, int port) {

    /** @throws IllegalArgumentException for an empty host or a port out of range */
    GatewayAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("missing host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535, was " + port);
        }
    }

    /** The gateway at {@code host} (an address, bracketed or not, or a name) and {@code port}. */
    static GatewayAddress of(String host, int port) {
        String trimmed = host == null ? "" : host.trim();
        String canonical = IpLiteral.parse(trimmed).map(a -> a.getHostAddress())
                .orElse(trimmed.toLowerCase(Locale.ROOT));
        return new GatewayAddress(canonical, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
