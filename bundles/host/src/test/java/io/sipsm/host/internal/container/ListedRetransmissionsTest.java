package io.sipsm.host.internal.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.sipsm.host.ResendSchedule;

/** One transaction's retransmissions on a hand-driven clock: what is scheduled when, and what runs. */
class ListedRetransmissionsTest {

    private long now;
    private final List<Long> delaysMillis = new ArrayList<>();
    private final List<Runnable> tasks = new ArrayList<>();
    private final ScheduledFuture<?> future = mock(ScheduledFuture.class);
    private final ScheduledExecutorService timers = mock(ScheduledExecutorService.class);
    private final List<Long> sentAt = new ArrayList<>();
    private final List<Long> timedOutAt = new ArrayList<>();

    ListedRetransmissionsTest() {
        when(timers.schedule(any(Runnable.class), anyLong(), any(TimeUnit.class))).thenAnswer(call -> {
            tasks.add(call.getArgument(0));
            delaysMillis.add(TimeUnit.MILLISECONDS.convert(call.getArgument(1), call.getArgument(2)));
            return future;
        });
    }

    private ListedRetransmissions start(String list, int count) {
        ListedRetransmissions listed = new ListedRetransmissions(ResendSchedule.of(list(list), count),
                new ListedRetransmissions.Transaction() {
                    @Override
                    public void retransmit() {
                        sentAt.add(now / 1_000_000);
                    }

                    @Override
                    public void timeOut() {
                        timedOutAt.add(now / 1_000_000);
                    }
                }, timers, () -> now);
        listed.start();
        return listed;
    }

    /** Runs the task scheduled last, at its due time plus {@code lateMillis}. */
    private void runLast(long lateMillis) {
        now += (delaysMillis.get(delaysMillis.size() - 1) + lateMillis) * 1_000_000;
        tasks.get(tasks.size() - 1).run();
    }

    @Test
    void eachCopyIsDueAtItsOffsetFromTheFirstSendThenTheTransactionTimesOut() {
        start("0.5,1,2,4,4,4,4,4,4,4", 10);
        for (int k = 0; k < 10; k++) {
            runLast(0);
        }
        assertEquals(List.of(500L, 1500L, 3500L, 7500L, 11_500L, 15_500L, 19_500L, 23_500L, 27_500L, 31_500L), sentAt);
        assertEquals(List.of(), timedOutAt);
        runLast(0);
        assertEquals(List.of(35_500L), timedOutAt, "the last copy waited as long as the next one would have");
        assertEquals(11, tasks.size(), "nothing scheduled after the timeout");
    }

    @Test
    void aLateRunDoesNotPushTheLaterCopiesBack() {
        start("0.5,0.5,1,1,2,2,4,4,4,4", 10);
        runLast(30);
        runLast(0);
        runLast(0);
        assertEquals(List.of(530L, 1000L, 2000L), sentAt);
        assertEquals(List.of(500L, 470L, 1000L, 1000L), delaysMillis);
    }

    @Test
    void theRetryCountCutsTheList() {
        start("0.5,1,2,4,8,8,8,8,8,8", 3);
        runLast(0);
        runLast(0);
        runLast(0);
        runLast(0);
        assertEquals(List.of(500L, 1500L, 3500L), sentAt);
        assertEquals(List.of(7500L), timedOutAt);
    }

    @Test
    void anAnsweredTransactionSendsNothingMore() {
        ListedRetransmissions listed = start("0.5,1,2", 3);
        runLast(0);
        listed.stop();
        verify(future).cancel(false);
        tasks.get(tasks.size() - 1).run();
        assertEquals(List.of(500L), sentAt);
        assertEquals(List.of(), timedOutAt);
        assertTrue(listed.isStopped());
        assertEquals(1, listed.sent());
    }

    @Test
    void answeredBeforeTheFirstSendReturnedSchedulesNothing() {
        ListedRetransmissions listed = new ListedRetransmissions(ResendSchedule.of(list("0.5"), 1),
                mock(ListedRetransmissions.Transaction.class), timers, () -> now);
        listed.stop();
        listed.start();
        assertEquals(List.of(), tasks);
    }

    private static List<Duration> list(String seconds) {
        return Arrays.stream(seconds.split(","))
                .map(s -> Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000))).toList();
    }
}
