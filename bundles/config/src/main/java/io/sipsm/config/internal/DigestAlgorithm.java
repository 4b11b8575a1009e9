package io.sipsm.config.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** The digest algorithms offered, strongest first: RFC 8760's SHA-256, and MD5 for the many UAs knowing nothing else. */
enum DigestAlgorithm {
    SHA_256("SHA-256", "SHA-256"),
    MD5("MD5", "MD5");

    private final String token;
    private final String jcaName;

    DigestAlgorithm(String token, String jcaName) {
        this.token = token;
        this.jcaName = jcaName;
    }

    /** The name in the {@code algorithm} parameter. */
    String token() {
        return token;
    }

    /** Lower-case hex of the digest of the text's UTF-8 bytes, the form RFC 7616 3.4.1 compares. */
    String hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jcaName).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is part of every JDK", e);
        }
    }

    /** Length of {@link #hex} output: an HA1 of another length is a configuration error. */
    int hexLength() {
        return this == MD5 ? 32 : 64;
    }

    /** By its {@code algorithm} token, ignoring case; absent parameter means MD5 (RFC 7616 3.3). */
    static Optional<DigestAlgorithm> forToken(String token) {
        if (token == null) {
            return Optional.of(MD5);
        }
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.token.equalsIgnoreCase(token.trim())) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
