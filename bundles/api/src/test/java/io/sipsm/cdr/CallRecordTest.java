package io.sipsm.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class CallRecordTest {

    @Test
    void recordIdsAreVersion7UuidsWhoseTextSortsByTime() {
        long before = System.currentTimeMillis();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(CallRecord.newRecordId());
        }
        long after = System.currentTimeMillis();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "unique");
        for (int i = 0; i < ids.size(); i++) {
            UUID id = UUID.fromString(ids.get(i));
            assertEquals(7, id.version());
            assertEquals(2, id.variant());
            long millis = id.getMostSignificantBits() >>> 16;
            assertTrue(millis >= before && millis <= after, "time " + millis);
            if (i > 0) {
                long previous = UUID.fromString(ids.get(i - 1)).getMostSignificantBits() >>> 16;
                // Within one millisecond the order is random; across milliseconds the text follows the time.
                if (millis > previous) {
                    assertTrue(ids.get(i).compareTo(ids.get(i - 1)) > 0, ids.get(i - 1) + " then " + ids.get(i));
                }
            }
        }
    }
}
