package io.sipsm.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sipsm.metrics.Metric;

class FiguresTest {

    @Test
    void aLabelledFigureSumsItsSeriesOverTheOtherLabels() {
        Map<Figure, Double> figures = Figures.of(List.of(
                ended("early_hangup", "acme", 2), ended("early_hangup", "zeta", 3), ended("answered", "acme", 40)));
        assertEquals(5.0, figures.get(Figure.SETUP_EARLY_HANGUPS));
        assertEquals(45.0, figures.get(Figure.SETUP_ENDED));
    }

    @Test
    void aPublishedMetricWithoutTheLabelValueCountsZero() {
        Map<Figure, Double> figures = Figures.of(List.of(ended("answered", "acme", 40)));
        assertEquals(0.0, figures.get(Figure.SETUP_NOT_TRACKED));
    }

    @Test
    void aMetricNobodyPublishesIsLeftOut() {
        Map<Figure, Double> figures = Figures.of(List.of(ended("answered", "acme", 40)));
        assertFalse(figures.containsKey(Figure.PRACK_TIMEOUTS));
        assertFalse(figures.containsKey(Figure.SESSIONS_EXPIRED));
        assertEquals(Map.of(), Figures.of(List.of()));
    }

    private static Metric ended(String reason, String tenant, double value) {
        return Metric.counter("sipsm_setup_ended_total", "", Map.of("reason", reason, "tenant", tenant), value);
    }
}
