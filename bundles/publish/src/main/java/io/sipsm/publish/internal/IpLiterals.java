package io.sipsm.publish.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP address literals, parsed without ever asking DNS: this runs on SIP threads, and a name that happens to
 * resolve must not turn into an address behind the operator's back.
 */
final class IpLiterals {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private IpLiterals() {
    }

    /** The address written in {@code text} (IPv6 with or without brackets), or empty for anything else. */
    static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String literal = text.trim();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        try {
            var ipv4 = IPV4.matcher(literal);
            if (ipv4.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(ipv4.group(i + 1));
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            // In brackets and with a colon the JDK parses an IPv6 literal or fails; it never falls back to DNS.
            if (literal.indexOf(':') >= 0 && literal.matches("[0-9A-Fa-f:.]+")) {
                return Optional.of(InetAddress.getByName("[" + literal + "]"));
            }
        } catch (UnknownHostException notAnAddress) {
            // not a literal: the caller treats the text as a name or refuses it
        }
        return Optional.empty();
    }
}
