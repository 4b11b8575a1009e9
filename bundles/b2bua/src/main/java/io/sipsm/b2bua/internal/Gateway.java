package io.sipsm.b2bua.internal;

import java.io.Serializable;
import java.util.Locale;
import java.util.Set;

/**
 * A gateway a call can be routed to: {@code host:port}, optionally with {@code ;transport=udp|tcp|tls|sctp}.
 * A host may be a name, an IPv4 address or a bracketed IPv6 address; the port defaults to 5060.
 *
 * @param host the host as written, IPv6 addresses with their brackets
 * @param port the port, 1 to 65535
 * @param transport the lower-case transport, or null to let the container choose
 */
record Gateway(String host, int port, String transport) implements Serializable {

    static final int DEFAULT_PORT = 5060;

    private static final Set<String> TRANSPORTS = Set.of("udp", "tcp", "tls", "sctp");
    private static final String TRANSPORT_PARAM = "transport=";

    /**
     * Parses one gateway.
     *
     * @throws IllegalArgumentException with the reason only; the caller adds the key and the value
     */
    static Gateway parse(String text) {
        String value = text.trim();
        String transport = null;
        int semicolon = value.indexOf(';');
        if (semicolon >= 0) {
            transport = parseTransport(value.substring(semicolon + 1).trim());
            value = value.substring(0, semicolon).trim();
        }
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("IPv6 address without closing ']'");
            }
            host = value.substring(0, close + 1);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("expected ':port' after the IPv6 address");
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = value.indexOf(':');
            if (colon != value.lastIndexOf(':')) {
                throw new IllegalArgumentException("IPv6 addresses must be written in brackets, e.g. [::1]:5060");
            }
            host = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? null : value.substring(colon + 1);
        }
        if (!host.matches("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]")) {
            throw new IllegalArgumentException("missing or malformed host");
        }
        return new Gateway(host, port == null ? DEFAULT_PORT : parsePort(port), transport);
    }

    private static String parseTransport(String parameter) {
        if (!parameter.toLowerCase(Locale.ROOT).startsWith(TRANSPORT_PARAM)) {
            throw new IllegalArgumentException("only the parameter ';transport=' is allowed");
        }
        String transport = parameter.substring(TRANSPORT_PARAM.length()).trim().toLowerCase(Locale.ROOT);
        if (!TRANSPORTS.contains(transport)) {
            throw new IllegalArgumentException("transport must be one of udp, tcp, tls, sctp");
        }
        return transport;
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the same message as an out-of-range port
        }
        throw new IllegalArgumentException("port must be a number from 1 to 65535");
    }

    @Override
    public String toString() {
        return host + ":" + port + (transport == null ? "" : ";transport=" + transport);
    }
}
