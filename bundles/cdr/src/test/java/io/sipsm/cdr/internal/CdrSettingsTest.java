package io.sipsm.cdr.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.annotation.Annotation;

import org.junit.jupiter.api.Test;

class CdrSettingsTest {

    @Test
    void aBadValueIsRefusedNamingKeyValueAndReasonAndKeepsTheLastGood() {
        CdrSettings lastGood = new CdrSettings(30, 500, 50, 2);
        CdrSettings.Reading reading = CdrSettings.read(config("-1", "500", "abc", "2"), lastGood);
        assertEquals(lastGood, reading.settings());
        assertEquals("io.sipsm.cdr: retention.days=-1 rejected: must be a whole number from 0 to 36500",
                reading.refusals().get(0).toString());
        assertEquals("batch.size", reading.refusals().get(1).key());
    }

    @Test
    void goodValuesApply() {
        CdrSettings.Reading reading = CdrSettings.read(config("0", "100", "10000", "3600"), CdrSettings.DEFAULTS);
        assertEquals(new CdrSettings(0, 100, 10_000, 3_600), reading.settings());
        assertEquals(0, reading.refusals().size());
    }

    static CdrConfig config(String retention, String capacity, String batch, String retry) {
        return new CdrConfig() {
            @Override public Class<? extends Annotation> annotationType() { return CdrConfig.class; }
            @Override public String dataSource_target() { return "(dataSourceName=sipsm-cdr)"; }
            @Override public String retention_days() { return retention; }
            @Override public String queue_capacity() { return capacity; }
            @Override public String batch_size() { return batch; }
            @Override public String retry_seconds() { return retry; }
        };
    }
}
