package io.sipsm.b2bua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RelayedHeadersTest {

    @Test
    void aHeaderWithAValueOverTheLimitIsTakenOutWhateverItsName() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Supported", List.of("timer"));
        headers.put("X-Big", List.of("a".repeat(64 * 1024)));
        headers.put("Subject", List.of("short", "b".repeat(RelayedHeaders.MAX_VALUE_CHARS + 1)));
        headers.put("X-Fits", List.of("c".repeat(RelayedHeaders.MAX_VALUE_CHARS)));
        assertEquals(List.of("X-Big", "Subject"), RelayedHeaders.excess(headers));
    }

    @Test
    void extensionHeadersPastTheCountAreTakenOutButNotThoseTheCallRunsOn() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < RelayedHeaders.MAX_EXTENSION_HEADERS + 2; i++) {
            headers.put("X-" + i, List.of("v"));
        }
        headers.put("Content-Type", List.of("application/sdp"));
        headers.put("session-expires", List.of("1800"));
        int first = RelayedHeaders.MAX_EXTENSION_HEADERS;
        assertEquals(List.of("X-" + first, "X-" + (first + 1)), RelayedHeaders.excess(headers));
    }

    @Test
    void anOrdinaryRequestKeepsEverything() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("User-Agent", List.of("friendly"));
        headers.put("P-Asserted-Identity", List.of("<sip:alice@example.com>"));
        headers.put("Content-Type", List.of("application/sdp"));
        assertEquals(List.of(), RelayedHeaders.excess(headers));
    }
}
