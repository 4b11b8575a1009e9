package io.sipsm.host.internal.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the raw properties of PID {@value SipHost#PID} key by key. A missing key takes its default; a value that
 * is not acceptable is recorded as refused and the key keeps its last good value, so one bad value left stored
 * in Configuration Admin never blocks later edits of the other keys.
 */
public final class SettingReader {

    /** A stored value the host did not take. */
    public record Refusal(String key, Object value, String reason) {
        @Override
        public String toString() {
            return key + "=" + value + " rejected: " + reason;
        }
    }

    private final Map<String, ?> properties;
    private final List<Refusal> refusals = new ArrayList<>();

    public SettingReader(Map<String, ?> properties) {
        this.properties = properties;
    }

    public List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    public int whole(String key, int fallback, int lastGood, int min, int max) {
        return parsed(key, fallback, lastGood, raw -> {
            long value;
            if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
                value = ((Number) raw).longValue();
            } else {
                try {
                    value = Long.parseLong(raw.toString().trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + raw + "' is not a whole number");
                }
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return (int) value;
        });
    }

    public boolean bool(String key, boolean fallback, boolean lastGood) {
        return parsed(key, fallback, lastGood, raw -> {
            if (raw instanceof Boolean b) {
                return b;
            }
            String text = raw.toString().trim();
            if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
                return Boolean.parseBoolean(text);
            }
            throw new IllegalArgumentException("must be true or false");
        });
    }

    /** One of {@code allowed}, compared without case and returned lower-case. */
    public String choice(String key, String fallback, String lastGood, Collection<String> allowed) {
        return parsed(key, fallback, lastGood, raw -> {
            String text = raw.toString().trim().toLowerCase(Locale.ROOT);
            if (!allowed.contains(text)) {
                throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
            }
            return text;
        });
    }

    /**
     * The value {@code parser} makes of the raw one; the parser throws {@link IllegalArgumentException} with the
     * reason only.
     */
    public <T> T parsed(String key, T fallback, T lastGood, Function<Object, T> parser) {
        Object raw = properties.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            return parser.apply(raw);
        } catch (IllegalArgumentException e) {
            refusals.add(new Refusal(key, text(raw), e.getMessage()));
            return lastGood;
        }
    }

    /** A comma-separated list given as one string (cfg file, shell) or as an array (Configuration Admin). */
    public static List<String> items(Object raw) {
        Object[] values = raw instanceof Object[] array ? array
                : raw instanceof Collection<?> c ? c.toArray() : new Object[] {raw};
        List<String> items = new ArrayList<>();
        for (Object value : values) {
            for (String item : String.valueOf(value).split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return items;
    }

    private static Object text(Object raw) {
        return raw instanceof Object[] array ? String.join(",", items(array)) : raw;
    }
}
