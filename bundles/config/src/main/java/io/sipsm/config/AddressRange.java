package io.sipsm.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

import io.sipsm.net.IpLiteral;

/**
 * An IPv4 or IPv6 address range in CIDR notation, as the settings that say who may call or publish are written.
 * Only literal addresses are accepted, and none is ever looked up: a host name here would make every
 * configuration edit, and every call, wait on DNS, and a name that happens to resolve must not turn into an
 * address behind the operator's back.
 */
public final class AddressRange {

    private final byte[] network;
    private final int prefixLength;

    private AddressRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address ({@code /32} or {@code /128} implied); empty for
     * anything else, a host name included.
     */
    public static Optional<AddressRange> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        Optional<InetAddress> address = IpLiteral.parse(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = address.get().getAddress();
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String digits = trimmed.substring(slash + 1).trim();
            if (!digits.matches("\\d{1,3}") || Integer.parseInt(digits) > bits) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(digits);
        }
        return Optional.of(new AddressRange(mask(bytes, prefix), prefix));
    }

    /**
     * The address if the text is an IPv4 or IPv6 literal, without any lookup.
     *
     * @deprecated read literals with {@link IpLiteral#parse}, the one parser the host and the policies share
     */
    @Deprecated
    public static Optional<InetAddress> literal(String text) {
        return IpLiteral.parse(text);
    }

    /** True when the address is a literal inside this range (IPv4 never matches an IPv6 range or back). */
    public boolean contains(String address) {
        Optional<InetAddress> parsed = IpLiteral.parse(address);
        if (parsed.isEmpty()) {
            return false;
        }
        byte[] bytes = parsed.get().getAddress();
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefixLength), network);
    }

    /** Bits of the network part: 32 or 128 for one address, 0 for every address; a longer prefix is narrower. */
    public int prefixLength() {
        return prefixLength;
    }

    /** True for the range of every address of its family ({@code 0.0.0.0/0}, {@code ::/0}). */
    public boolean isEverything() {
        return prefixLength == 0;
    }

    private static byte[] mask(byte[] address, int prefix) {
        int bits = address.length * 8;
        BigInteger value = new BigInteger(1, address);
        BigInteger netmask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .shiftRight(bits - prefix).shiftLeft(bits - prefix);
        byte[] raw = value.and(netmask).toByteArray();
        byte[] out = new byte[address.length];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range && range.prefixLength == prefixLength
                && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    /** The range in CIDR notation, its network address canonical: {@code 192.0.2.0/24}, {@code ::1/128}. */
    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
