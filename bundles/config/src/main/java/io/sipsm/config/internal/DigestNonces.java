package io.sipsm.config.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Nonces that cannot be replayed, without state per challenge: a nonce is its expiry, a random salt and an
 * HMAC over both, the realm and the source address, under a key made at start (so a forged or foreign nonce, one
 * from another address, and one from before a restart are all recognised without a lookup). What a nonce was used
 * for is kept only once a request with it authenticated: the highest nonce count seen, bounded in number, so that
 * the same credentials sent again are refused (RFC 7616 3.3 and 5.5).
 */
final class DigestNonces {

    /** What a nonce presented in credentials is. */
    enum State { FRESH, EXPIRED, FOREIGN }

    /** What recording a use of an authenticated nonce said. */
    enum Use { ACCEPTED, REPLAYED, FULL }

    private static final int SALT = 8;
    private static final int MAC = 16;

    private final Clock clock;
    private final Duration lifetime;
    private final int capacity;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();
    /** Highest nonce count authenticated, by nonce, in expiry order (nonces all live as long). */
    private final LinkedHashMap<String, long[]> counts = new LinkedHashMap<>();

    DigestNonces(Clock clock, Duration lifetime, int capacity) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.capacity = capacity;
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        key = new SecretKeySpec(secret, "HmacSHA256");
    }

    String issue(String realm, String source) {
        byte[] salt = new byte[SALT];
        random.nextBytes(salt);
        long expiry = clock.instant().plus(lifetime).getEpochSecond();
        ByteBuffer nonce = ByteBuffer.allocate(Long.BYTES + SALT + MAC);
        nonce.putLong(expiry).put(salt).put(mac(expiry, salt, realm, source));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce.array());
    }

    State check(String nonce, String realm, String source) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return State.FOREIGN;
        }
        if (raw.length != Long.BYTES + SALT + MAC) {
            return State.FOREIGN;
        }
        ByteBuffer buffer = ByteBuffer.wrap(raw);
        long expiry = buffer.getLong();
        byte[] salt = new byte[SALT];
        buffer.get(salt);
        byte[] presented = new byte[MAC];
        buffer.get(presented);
        if (!MessageDigest.isEqual(presented, mac(expiry, salt, realm, source))) {
            return State.FOREIGN;
        }
        return clock.instant().getEpochSecond() >= expiry ? State.EXPIRED : State.FRESH;
    }

    /** Records an authenticated use of a fresh nonce: each count once, rising (RFC 7616 3.4: nc must increase). */
    synchronized Use use(String nonce, long count) {
        long now = clock.instant().getEpochSecond();
        long[] last = counts.get(nonce);
        if (last != null) {
            if (count <= last[0]) {
                return Use.REPLAYED;
            }
            last[0] = count;
            return Use.ACCEPTED;
        }
        if (counts.size() >= capacity) {
            forgetExpired(now);
            if (counts.size() >= capacity) {
                return Use.FULL;
            }
        }
        counts.put(nonce, new long[] {count, now + lifetime.getSeconds()});
        return Use.ACCEPTED;
    }

    private void forgetExpired(long now) {
        for (Iterator<Map.Entry<String, long[]>> it = counts.entrySet().iterator(); it.hasNext();) {
            if (it.next().getValue()[1] > now) {
                return;
            }
            it.remove();
        }
    }

    private byte[] mac(long expiry, byte[] salt, String realm, String source) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(ByteBuffer.allocate(Long.BYTES).putLong(expiry).array());
            mac.update(salt);
            mac.update((realm + "\n" + source).getBytes(StandardCharsets.UTF_8));
            byte[] full = mac.doFinal();
            byte[] out = new byte[MAC];
            System.arraycopy(full, 0, out, 0, MAC);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
