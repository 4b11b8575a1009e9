package io.sipsm.b2bua.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusRangesTest {

    private final StatusRanges defaults = StatusRanges.parse("408,500-599,600-602,604-699");

    @ParameterizedTest
    @ValueSource(ints = {408, 500, 503, 599, 600, 604, 606, 699})
    void defaultsFailOverOn(int status) {
        assertTrue(defaults.contains(status));
    }

    @ParameterizedTest
    @ValueSource(ints = {180, 200, 302, 404, 480, 486, 487, 603})
    void defaultsRelayToCaller(int status) {
        assertFalse(defaults.contains(status));
    }

    @Test
    void emptyMeansNever() {
        StatusRanges none = StatusRanges.parse(" ");
        assertFalse(none.contains(503));
    }

    @Test
    void spacesAndEmptyItemsAreTolerated() {
        StatusRanges ranges = StatusRanges.parse(" 486 , ,503 - 504 ");
        assertTrue(ranges.contains(486));
        assertTrue(ranges.contains(504));
        assertFalse(ranges.contains(505));
    }

    @ParameterizedTest
    @ValueSource(strings = {"200", "100-199", "5xx", "599-500", "408,700", "-"})
    void rejectsMalformed(String text) {
        assertThrows(IllegalArgumentException.class, () -> StatusRanges.parse(text));
    }
}
