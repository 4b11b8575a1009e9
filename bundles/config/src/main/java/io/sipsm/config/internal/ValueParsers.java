package io.sipsm.config.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns configuration values into typed values. Each accepts the typed form and the string form
 * {@code config:property-set} stores, and refuses anything else with a reason an operator can act on.
 */
final class ValueParsers {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private ValueParsers() {
    }

    /** A whole number within {@code min..max}. */
    static int wholeNumber(String key, Object value, int min, int max) throws InvalidSettingException {
        long number = parseWhole(key, value);
        if (number < min || number > max) {
            throw new InvalidSettingException(key, value, "must be " + min + ".." + max);
        }
        return (int) number;
    }

    /** Whole seconds within {@code min..max}. */
    static Duration seconds(String key, Object value, int min, int max) throws InvalidSettingException {
        return Duration.ofSeconds(wholeNumber(key, value, min, max));
    }

    /** {@code true} or {@code false}, in any case; nothing else, so that a typo never reads as off. */
    static boolean flag(String key, Object value) throws InvalidSettingException {
        if (value instanceof Boolean bool) {
            return bool;
        }
        String text = single(key, value).toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new InvalidSettingException(key, value, "must be true or false");
    }

    /**
     * A list of {@code minCount..maxCount} durations in seconds, decimals allowed to the millisecond, each
     * above 0 and at most {@code maxSeconds}.
     */
    static List<Duration> secondsList(String key, Object value, int minCount, int maxCount, int maxSeconds)
            throws InvalidSettingException {
        List<String> items = ValueText.items(value);
        if (items.size() == 1 && items.get(0).isEmpty()) {
            throw new InvalidSettingException(key, value, "is empty; give 1.." + maxCount + " values in seconds");
        }
        if (items.size() < minCount || items.size() > maxCount) {
            throw new InvalidSettingException(key, value,
                    "has " + items.size() + " values; give " + minCount + ".." + maxCount);
        }
        List<Duration> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(positiveSeconds(key, value, i + 1, items.get(i), maxSeconds));
        }
        return out;
    }

    private static Duration positiveSeconds(String key, Object whole, int position, String item, int maxSeconds)
            throws InvalidSettingException {
        String where = "value " + position + " '" + item + "' ";
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(item);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, whole, where + "is not a number of seconds");
        }
        if (seconds.signum() <= 0) {
            throw new InvalidSettingException(key, whole, where + "must be greater than 0");
        }
        if (seconds.compareTo(BigDecimal.valueOf(maxSeconds)) > 0) {
            throw new InvalidSettingException(key, whole, where + "exceeds the maximum of " + maxSeconds + " s");
        }
        BigDecimal millis = seconds.multiply(THOUSAND);
        if (millis.stripTrailingZeros().scale() > 0) {
            throw new InvalidSettingException(key, whole, where + "is finer than 1 ms");
        }
        return Duration.ofMillis(millis.longValueExact());
    }

    private static long parseWhole(String key, Object value) throws InvalidSettingException {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        String text = value instanceof Number ? value.toString() : single(key, value);
        try {
            return new BigDecimal(text).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidSettingException(key, value, "is not a whole number");
        }
    }

    /** The one text element of a single-valued property; a list is refused rather than silently truncated. */
    private static String single(String key, Object value) throws InvalidSettingException {
        List<String> elements = ValueText.elements(value);
        if (elements.size() != 1) {
            throw new InvalidSettingException(key, value, "must be a single value");
        }
        return elements.get(0).trim();
    }
}
