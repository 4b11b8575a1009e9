package io.sipsm.host.internal.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MessageLimitsTest {

    private static final LimitSettings LIMITS = new LimitSettings(1024, 16, 180, 512, 64, 100, true);

    private static byte[] message(int headers, String extra) {
        StringBuilder text = new StringBuilder("\r\nOPTIONS sip:host SIP/2.0\r\n");
        for (int i = 0; i < headers; i++) {
            text.append("X-").append(i).append(": v\r\n");
        }
        return text.append(extra).append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void headerLinesAreCountedUpToTheEmptyLineAndFoldedOnesOnce() {
        assertEquals(3, MessageLimits.headerLines(message(2, "Subject: a\r\n b\r\n\tc\r\n"), 100));
        assertEquals(2, MessageLimits.headerLines(
                "INVITE sip:a SIP/2.0\r\nA: 1\r\nB: 2\r\n\r\nC: in the body\r\n".getBytes(StandardCharsets.UTF_8), 100));
        assertEquals(5, MessageLimits.headerLines(message(50, ""), 5), "counting stops when it is enough");
    }

    @Test
    void aMessageWithinTheLimitsPasses() {
        assertNull(MessageLimits.excess(message(16, ""), 0, LIMITS));
    }

    @Test
    void oneHeaderTooManyIsTooManyHeaders() {
        assertEquals(MessageLimits.TOO_MANY_HEADERS, MessageLimits.excess(message(17, ""), 0, LIMITS));
    }

    @Test
    void aDatagramOrAHeaderSectionWithItsBodyOverTheSizeIsTooLarge() {
        byte[] small = message(1, "");
        assertNull(MessageLimits.excess(small, 1024 - small.length, LIMITS));
        assertEquals(MessageLimits.TOO_LARGE, MessageLimits.excess(small, 1025 - small.length, LIMITS));
        assertEquals(MessageLimits.TOO_LARGE, MessageLimits.excess(message(1, "X-Big: " + "a".repeat(1100) + "\r\n"),
                0, LIMITS));
    }
}
