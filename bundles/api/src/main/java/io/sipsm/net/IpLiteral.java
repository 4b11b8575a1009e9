package io.sipsm.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IPv4 and IPv6 literals, read without any lookup: a host name in a setting or a header would make the caller
 * wait on DNS, and a name that happens to resolve must not turn into an address behind the operator's back.
 */
public final class IpLiteral {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiteral() {
    }

    /** The address if the text is an IPv4 or IPv6 literal (IPv6 with or without brackets); empty otherwise. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String bare = text.trim();
        if (bare.startsWith("[") && bare.endsWith("]")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        try {
            if (IPV4.matcher(bare).matches()) {
                // Parsed here: the JDK may refuse some IPv4 forms as literals and then look them up as host names.
                String[] parts = bare.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            if (IPV6.matcher(bare).matches()) {
                // In brackets the JDK parses an IPv6 literal or fails; it never falls back to DNS.
                return Optional.of(InetAddress.getByName("[" + bare + "]"));
            }
        } catch (UnknownHostException notALiteral) {
            // not an address: empty
        }
        return Optional.empty();
    }
}
