package io.sipsm.cdr.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuYieldTest {

    private double machine;
    private long threadNanos;
    private final CpuYield yield = new CpuYield(new CpuYield.Cpu() {
        @Override
        public double machineLoad() {
            return machine;
        }

        @Override
        public long threadCpuNanos() {
            return threadNanos;
        }

        @Override
        public int cores() {
            return 2;
        }
    });
    private final CdrSettings settings = new CdrSettings(90, 10_000, 200, 5, 80, 60);

    @Test
    void writesWhileTheMachineHasCpuToSpare() {
        machine = 0.5;
        assertTrue(yield.mayWrite(settings, 1_000, 0));
    }

    @Test
    void yieldsWhileOtherWorkKeepsTheMachineBusy() {
        machine = 0.95;
        assertFalse(yield.mayWrite(settings, 1_000, 0));
        machine = 0.5;
        assertFalse(yield.mayWrite(settings, 1_100, 0), "sampled at most every 250 ms");
        assertTrue(yield.mayWrite(settings, 1_250, 0));
    }

    @Test
    void theWritersOwnCpuDoesNotCountAsBusy() {
        machine = 0.3;
        yield.mayWrite(settings, 1_000, 0);
        // Replaying the journal flat out: the writer's thread takes one of two cores for the 250 ms.
        machine = 0.9;
        threadNanos = 250_000_000L;
        assertTrue(yield.mayWrite(settings, 1_250, 0));
        assertEquals(0.4, yield.othersLoad(), 1e-9);
    }

    @Test
    void aRecordWaitsNoLongerThanTheMaximum() {
        machine = 1;
        assertFalse(yield.mayWrite(settings, 100_000, 50_000));
        assertTrue(yield.mayWrite(settings, 110_000, 50_000));
    }

    @Test
    void neverYieldsWhenSwitchedOffOrWhenTheLoadIsUnknown() {
        machine = 1;
        assertTrue(yield.mayWrite(new CdrSettings(90, 10_000, 200, 5, 0, 60), 1_000, 0));
        machine = -1;
        assertTrue(yield.mayWrite(settings, 1_000, 0));
    }

    @Test
    void theJvmSaysHowBusyThisMachineIs() {
        CpuYield.Cpu machine = CpuYield.thisMachine();
        // The first readings may say "unknown" until the operating system's counters have an interval.
        long deadline = System.nanoTime() + 5_000_000_000L;
        double load = machine.machineLoad();
        while (!(load >= 0 && load <= 1) && System.nanoTime() < deadline) {
            load = machine.machineLoad();
        }
        assertTrue(load >= 0 && load <= 1, "CPU load " + load);
        assertTrue(machine.threadCpuNanos() > 0);
    }
}
