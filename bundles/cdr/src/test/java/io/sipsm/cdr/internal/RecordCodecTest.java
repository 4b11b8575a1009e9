package io.sipsm.cdr.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.sipsm.cdr.CallRecord;
import io.sipsm.cdr.testing.CallRecords;

class RecordCodecTest {

    @Test
    void aRecordSurvivesItsLineWithEveryFieldTabsAndNewlinesIncluded() {
        CallRecord original = CallRecords.answered("call-1", 1_000_000);
        String line = RecordCodec.encode(original);
        assertFalse(line.contains("\n"), line);
        CallRecord back = RecordCodec.decode(line);
        assertEquals(RecordCodec.encode(back), line);
        assertEquals(original.reasonText, back.reasonText);
        assertEquals(2, back.attempts.size());
        assertEquals(original.attempts.get(0).endReason, back.attempts.get(0).endReason);
        assertEquals(original.endDirection, back.endDirection);
        assertEquals(original.answeredAt, back.answeredAt);
    }

    @Test
    void nullsStayNull() {
        CallRecord back = RecordCodec.decode(RecordCodec.encode(CallRecords.rejected("call-2", 5)));
        assertNull(back.tenant);
        assertNull(back.answeringGateway);
        assertNull(back.attempts.get(0).endReason);
    }

    @Test
    void aLineCutShortIsRefused() {
        String line = RecordCodec.encode(CallRecords.answered("call-3", 7));
        assertThrows(IllegalArgumentException.class, () -> RecordCodec.decode(line.substring(0, line.length() - 9)));
        assertThrows(IllegalArgumentException.class, () -> RecordCodec.decode("something else"));
    }
}
