package io.sipsm.host.internal.sip;

import java.util.ArrayList;
import java.util.List;

/** Splits a header value at the commas that separate list elements (RFC 3261 section 7.3.1). */
public final class HeaderValues {

    private HeaderValues() {
    }

    /** Splits at commas outside quoted strings and angle brackets; blank elements are dropped. */
    public static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && quoted && i + 1 < value.length()) {
                current.append(c).append(value.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>' && angle > 0) {
                angle--;
            } else if (!quoted && angle == 0 && c == ',') {
                addTrimmed(parts, current);
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        addTrimmed(parts, current);
        return parts;
    }

    private static void addTrimmed(List<String> parts, StringBuilder part) {
        String trimmed = part.toString().trim();
        if (!trimmed.isEmpty()) {
            parts.add(trimmed);
        }
    }
}
