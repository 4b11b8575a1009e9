package io.sipsm.config.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a {@code Digest} credentials value (Authorization, RFC 3261 25.1 and RFC 7616 3.4), names in
 * lower case, quoted values unquoted. Written for hostile input: anything not of that shape is empty, never an
 * exception.
 */
final class DigestParameters {

    /** More than a real UA sends; a longer value is not worth parsing. */
    private static final int MAX_LENGTH = 4096;

    private DigestParameters() {
    }

    static Optional<Map<String, String>> parse(String header) {
        if (header == null || header.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String text = header.trim();
        int space = text.indexOf(' ');
        if (space < 0 || !text.substring(0, space).equalsIgnoreCase("Digest")) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        int i = space;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                return Optional.empty();
            }
            String name = text.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || !name.matches("[a-z0-9_-]+")) {
                return Optional.empty();
            }
            i = eq + 1;
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(text.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    return Optional.empty();
                }
            } else {
                while (i < n && text.charAt(i) != ',') {
                    value.append(text.charAt(i++));
                }
            }
            if (params.putIfAbsent(name, value.toString().trim()) != null) {
                return Optional.empty(); // a repeated parameter is ambiguous: RFC 7616 lets us refuse it
            }
        }
        return Optional.of(params);
    }
}
