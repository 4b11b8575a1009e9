package io.sipsm.cdr.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.annotation.Annotation;

import org.junit.jupiter.api.Test;

class CdrSettingsTest {

    @Test
    void aBadValueIsRefusedNamingKeyValueAndReasonAndKeepsTheLastGood() {
        CdrSettings lastGood = new CdrSettings(30, 500, 50, 2, 70, 60);
        CdrSettings.Reading reading = CdrSettings.read(config("-1", "500", "abc", "2", "101", "0"), lastGood);
        assertEquals(lastGood, reading.settings());
        assertEquals("io.sipsm.cdr: retention.days=-1 rejected: must be a whole number from 0 to 36500",
                reading.refusals().get(0).toString());
        assertEquals("batch.size", reading.refusals().get(1).key());
        assertEquals("io.sipsm.cdr: yield.cpu.percent=101 rejected: must be a whole number from 0 to 100",
                reading.refusals().get(2).toString());
        assertEquals("yield.max.seconds", reading.refusals().get(3).key());
    }

    @Test
    void goodValuesApply() {
        CdrSettings.Reading reading = CdrSettings.read(config("0", "100", "10000", "3600", "0", "86400"),
                CdrSettings.DEFAULTS);
        assertEquals(new CdrSettings(0, 100, 10_000, 3_600, 0, 86_400), reading.settings());
        assertEquals(0, reading.refusals().size());
    }

    static CdrConfig config(String retention, String capacity, String batch, String retry, String yieldPercent,
            String yieldMax) {
        return new CdrConfig() {
            @Override public Class<? extends Annotation> annotationType() { return CdrConfig.class; }
            @Override public String dataSource_target() { return "(dataSourceName=sipsm-cdr)"; }
            @Override public String retention_days() { return retention; }
            @Override public String queue_capacity() { return capacity; }
            @Override public String batch_size() { return batch; }
            @Override public String retry_seconds() { return retry; }
            @Override public String yield_cpu_percent() { return yieldPercent; }
            @Override public String yield_max_seconds() { return yieldMax; }
        };
    }
}
