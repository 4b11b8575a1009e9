package io.sipsm.publish.internal;

import java.net.InetAddress;
import java.util.Optional;

/**
 * A range of source addresses, written {@code address} or {@code address/prefix-length} (IPv4 or IPv6), that
 * may publish. A single address is a range of one.
 */
final class SourceRange {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private SourceRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /** @throws IllegalArgumentException with the reason only; the caller adds the key and value */
    static SourceRange parse(String text) {
        String value = text.trim();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        byte[] bytes = IpLiterals.parse(address).map(InetAddress::getAddress)
                .orElseThrow(() -> new IllegalArgumentException("'" + address + "' is not an IP address"));
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(value.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix length must be a number from 0 to " + bits);
            }
        }
        return new SourceRange(bytes, prefix, value);
    }

    /** True when {@code address} is an IP address inside the range; names and garbage are outside. */
    boolean contains(String address) {
        Optional<InetAddress> parsed = IpLiterals.parse(address);
        if (parsed.isEmpty()) {
            return false;
        }
        byte[] candidate = parsed.get().getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[whole] & mask) == (network[whole] & mask);
    }

    /** True for a range of every address of its family ({@code 0.0.0.0/0}, {@code ::/0}). */
    boolean isEverything() {
        return prefixLength == 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
