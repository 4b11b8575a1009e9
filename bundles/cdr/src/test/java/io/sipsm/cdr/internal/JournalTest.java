package io.sipsm.cdr.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.sipsm.cdr.testing.CallRecords;

class JournalTest {

    @TempDir
    Path directory;

    @Test
    void recordsComeBackInTheOrderAppendedAndTheFileGoesWhenReplayed() throws Exception {
        Journal journal = new Journal(directory);
        journal.append(List.of(CallRecords.answered("a", 1), CallRecords.answered("b", 2)));
        journal.append(List.of(CallRecords.rejected("c", 3)));
        Journal.Batch first = journal.read(2);
        assertEquals(List.of("a", "b"), first.records().stream().map(r -> r.callerCallId).toList());
        journal.replayed(first.end());
        // A restart reads on from the saved position.
        Journal reopened = new Journal(directory);
        Journal.Batch second = reopened.read(10);
        assertEquals(List.of("c"), second.records().stream().map(r -> r.callerCallId).toList());
        reopened.replayed(second.end());
        assertFalse(reopened.hasPending());
        assertFalse(Files.exists(journal.file()));
    }

    @Test
    void aLineCutShortByACrashIsClosedAndCountedAndTheNextRecordsAreKept() throws Exception {
        Journal journal = new Journal(directory);
        journal.append(List.of(CallRecords.answered("a", 1)));
        String half = RecordCodec.encode(CallRecords.answered("torn", 2));
        Files.writeString(journal.file(), half.substring(0, half.length() / 2), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Journal reopened = new Journal(directory);
        reopened.append(List.of(CallRecords.rejected("b", 3)));
        Journal.Batch batch = reopened.read(10);
        assertEquals(List.of("a", "b"), batch.records().stream().map(r -> r.callerCallId).toList());
        assertEquals(1, batch.unreadable());
        assertTrue(reopened.hasPending());
    }
}
