package io.sipsm.host.internal.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

import org.junit.jupiter.api.Test;

class ListedRetransmissionsTest {

    /** A clock and a scheduler that run tasks in due order as time is moved on. */
    private static final class FakeTime implements ListedRetransmissions.Scheduler {
        private record Task(long due, long seq, Runnable run) {
        }

        long now = 1_000_000_000L;
        long seq;
        final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due)
                : Long.compare(a.seq, b.seq));

        @Override
        public void schedule(Runnable task, long delayNanos) {
            queue.add(new Task(now + delayNanos, seq++, task));
        }

        /** Runs every task due up to {@code millis} after the start, each at its due time plus {@code lateMillis}. */
        void runUntil(long startNanos, long millis, long lateMillis) {
            long end = startNanos + millis * 1_000_000L;
            while (!queue.isEmpty() && queue.peek().due <= end) {
                Task task = queue.poll();
                now = Math.max(now, task.due + lateMillis * 1_000_000L);
                task.run.run();
            }
            now = Math.max(now, end);
        }
    }

    private static final class Copies implements ListedRetransmissions.Request {
        final FakeTime time;
        final long start;
        final List<Long> sentAtMillis = new ArrayList<>();
        boolean answered;

        Copies(FakeTime time) {
            this.time = time;
            this.start = time.now;
        }

        @Override
        public boolean unanswered() {
            return !answered;
        }

        @Override
        public void resend() {
            sentAtMillis.add((time.now - start) / 1_000_000L);
        }
    }

    private static List<Duration> list(double... seconds) {
        return Arrays.stream(seconds).mapToObj(s -> Duration.ofMillis(Math.round(s * 1000))).toList();
    }

    private static List<Long> cumulativeMillis(List<Duration> waits) {
        List<Long> due = new ArrayList<>();
        long sum = 0;
        for (Duration wait : waits) {
            sum += wait.toMillis();
            due.add(sum);
        }
        return due;
    }

    @Test
    void theFiveListsOfTheGuidesGoOutAtTheirCumulativeDueTimes() {
        for (List<Duration> waits : List.of(list(0.5, 1, 2, 4, 4, 4, 4, 4, 4, 4), list(0.5, 0.5, 1, 1, 2, 2, 4, 4, 4, 4),
                list(0.5, 1, 2, 4, 8, 8, 8, 8, 8, 8), list(0.5, 1, 2), list(1, 2, 4, 8, 8, 8, 8, 8, 8, 8))) {
            FakeTime time = new FakeTime();
            Copies copies = new Copies(time);
            ListedRetransmissions schedule = ListedRetransmissions.start(waits, copies, time, () -> time.now);
            time.runUntil(copies.start, 600_000, 0);
            assertEquals(cumulativeMillis(waits), copies.sentAtMillis, waits.toString());
            assertEquals(waits.size(), schedule.sent());
        }
    }

    @Test
    void defaultListIsDueAtHalfOneAndAHalfThreeAndAHalfSevenAndAHalf() {
        FakeTime time = new FakeTime();
        Copies copies = new Copies(time);
        ListedRetransmissions.start(list(0.5, 1, 2, 4, 4, 4, 4, 4, 4, 4), copies, time, () -> time.now);
        time.runUntil(copies.start, 60_000, 0);
        assertEquals(List.of(500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L),
                copies.sentAtMillis);
    }

    @Test
    void aLateCopyDoesNotDelayTheNextOnes() {
        FakeTime time = new FakeTime();
        Copies copies = new Copies(time);
        ListedRetransmissions.start(list(0.5, 1, 2), copies, time, () -> time.now);
        // Every task runs 30 ms late: each copy is 30 ms late, the lateness does not add up.
        time.runUntil(copies.start, 10_000, 30);
        assertEquals(List.of(530L, 1530L, 3530L), copies.sentAtMillis);
    }

    @Test
    void copiesAreDueFromWhenTheOriginalLeftNotFromWhenTheScheduleStarted() {
        FakeTime time = new FakeTime();
        Copies copies = new Copies(time);
        long sent = time.now;
        time.now += 40_000_000L; // the original's send took 40 ms
        ListedRetransmissions.start(list(0.5, 1), copies, time, () -> time.now, sent);
        time.runUntil(sent, 10_000, 0);
        assertEquals(List.of(500L, 1500L), copies.sentAtMillis);
    }

    @Test
    void anAnsweredRequestGetsNoMoreCopies() {
        FakeTime time = new FakeTime();
        Copies copies = new Copies(time);
        ListedRetransmissions.start(list(0.5, 1, 2, 4), copies, time, () -> time.now);
        time.runUntil(copies.start, 2_000, 0);
        copies.answered = true;
        time.runUntil(copies.start, 60_000, 0);
        assertEquals(List.of(500L, 1500L), copies.sentAtMillis);
        assertEquals(0, time.queue.size(), "nothing left scheduled");
    }

    @Test
    void aFailedSendEndsTheSchedule() {
        FakeTime time = new FakeTime();
        List<Long> attempts = new ArrayList<>();
        ListedRetransmissions.start(list(0.5, 1, 2), new ListedRetransmissions.Request() {
            @Override
            public boolean unanswered() {
                return true;
            }

            @Override
            public void resend() throws Exception {
                attempts.add(time.now);
                throw new java.io.IOException("network unreachable");
            }
        }, time, () -> time.now);
        time.runUntil(time.now, 10_000, 0);
        assertEquals(1, attempts.size());
    }

    @Test
    void anEmptyListSendsNothingAndABadWaitIsRefused() {
        FakeTime time = new FakeTime();
        Copies copies = new Copies(time);
        ListedRetransmissions.start(List.of(), copies, time, () -> time.now);
        time.runUntil(copies.start, 10_000, 0);
        assertEquals(List.of(), copies.sentAtMillis);
        assertThrows(IllegalArgumentException.class,
                () -> ListedRetransmissions.start(List.of(Duration.ZERO), copies, time, () -> time.now));
    }

    @Test
    void theAnswerWindowGivesTheLastCopyItsOwnWait() {
        assertEquals(Duration.ofMillis(35_500), ListedRetransmissions.answerWindow(list(0.5, 1, 2, 4, 4, 4, 4, 4, 4, 4)));
        assertEquals(Duration.ofMillis(63_500), ListedRetransmissions.answerWindow(list(0.5, 1, 2, 4, 8, 8, 8, 8, 8, 8)));
        assertEquals(Duration.ZERO, ListedRetransmissions.answerWindow(List.of()));
    }
}
