package io.sipsm.b2bua.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of SIP final status codes written as comma-separated codes and ranges, e.g.
 * {@code 408,500-599,600-602,604-699}. An empty text is the empty set.
 */
final class StatusRanges implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<int[]> ranges;
    private final String text;

    private StatusRanges(List<int[]> ranges, String text) {
        this.ranges = ranges;
        this.text = text;
    }

    /**
     * Parses a list of final status codes (300 to 699) and inclusive ranges of them.
     *
     * @throws IllegalArgumentException with the reason only; the caller adds the key and the value
     */
    static StatusRanges parse(String text) {
        List<int[]> ranges = new ArrayList<>();
        for (String item : text.split(",")) {
            String entry = item.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int dash = entry.indexOf('-');
            int low = parseStatus(dash < 0 ? entry : entry.substring(0, dash));
            int high = dash < 0 ? low : parseStatus(entry.substring(dash + 1));
            if (high < low) {
                throw new IllegalArgumentException("range '" + entry + "' ends before it starts");
            }
            ranges.add(new int[] {low, high});
        }
        return new StatusRanges(ranges, text.trim());
    }

    private static int parseStatus(String text) {
        try {
            int status = Integer.parseInt(text.trim());
            if (status >= 300 && status <= 699) {
                return status;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        // Provisional and 2xx responses never end a failed attempt, so they make no sense here.
        throw new IllegalArgumentException("'" + text.trim() + "' is not a final failure status from 300 to 699");
    }

    boolean contains(int status) {
        for (int[] range : ranges) {
            if (status >= range[0] && status <= range[1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
