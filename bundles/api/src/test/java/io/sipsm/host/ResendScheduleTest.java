package io.sipsm.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ResendScheduleTest {

    @Test
    void theDefaultListRetransmitsAtItsRunningSumsCappedAtFourSeconds() {
        ResendSchedule schedule = ResendSchedule.of(list("0.5,1,2,4,4,4,4,4,4,4"), 10);
        assertEquals(List.of(500L, 1500L, 3500L, 7500L, 11_500L, 15_500L, 19_500L, 23_500L, 27_500L, 31_500L),
                dues(schedule));
        // The last copy is given as long as the next one would have waited.
        assertEquals(Duration.ofMillis(35_500), schedule.timeout());
    }

    @Test
    void listsThatAreNotDoublingAreFollowedAsWritten() {
        assertEquals(List.of(500L, 1000L, 2000L, 3000L, 5000L, 7000L, 11_000L, 15_000L, 19_000L, 23_000L),
                dues(ResendSchedule.of(list("0.5,0.5,1,1,2,2,4,4,4,4"), 10)));
        ResendSchedule unstable = ResendSchedule.of(list("0.5,1,2,4,8,8,8,8,8,8"), 10);
        assertEquals(List.of(500L, 1500L, 3500L, 7500L, 15_500L, 23_500L, 31_500L, 39_500L, 47_500L, 55_500L),
                dues(unstable));
        // Past 64·T1 (32 s): the list wins over RFC 3261 Timer B.
        assertEquals(Duration.ofMillis(63_500), unstable.timeout());
    }

    @Test
    void theRetryCountCutsTheListAndTheNextValueIsTheLastCopysAnswerWait() {
        ResendSchedule three = ResendSchedule.of(list("0.5,1,2,4,4"), 3);
        assertEquals(3, three.retransmissions());
        assertEquals(List.of(500L, 1500L, 3500L), dues(three));
        assertEquals(Duration.ofSeconds(4), three.answerWait());
        assertEquals(Duration.ofMillis(7500), three.timeout());
        // A count past the list's end uses the whole list.
        assertEquals(2, ResendSchedule.of(list("1,2"), 10).retransmissions());
    }

    @Test
    void scalingMultipliesEveryWait() {
        ResendSchedule doubled = ResendSchedule.of(list("0.5,1,2"), 3).scaled(2);
        assertEquals(List.of(1000L, 3000L, 7000L), dues(doubled));
        assertEquals(Duration.ofSeconds(4), doubled.answerWait());
    }

    @Test
    void refusesWhatCannotBeASchedule() {
        assertThrows(IllegalArgumentException.class, () -> ResendSchedule.of(List.of(), 3));
        assertThrows(IllegalArgumentException.class, () -> ResendSchedule.of(list("1"), 0));
        assertThrows(IllegalArgumentException.class, () -> new ResendSchedule(List.of(Duration.ZERO), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> ResendSchedule.of(list("1"), 1).due(2));
        assertThrows(IllegalArgumentException.class, () -> ResendSchedule.of(list("1"), 1).scaled(0));
    }

    private static List<Long> dues(ResendSchedule schedule) {
        return IntStream.rangeClosed(1, schedule.retransmissions()).mapToObj(k -> schedule.due(k).toMillis()).toList();
    }

    private static List<Duration> list(String seconds) {
        return Arrays.stream(seconds.split(","))
                .map(s -> Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000))).toList();
    }
}
