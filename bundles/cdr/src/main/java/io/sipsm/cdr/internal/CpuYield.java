package io.sipsm.cdr.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Whether the database may have the writer's work now. An embedded database runs on the cores that carry the
 * calls: inserting a record costs it a few hundred microseconds of CPU (bench/RESULTS.md section 9), a quarter of
 * a core at a thousand calls a second. So while the machine is busy with other work than the writer's, the writer
 * yields: records go to the journal (an append, a small fraction of that cost) and reach the database, in order,
 * once the CPU is spare again, or once the oldest has waited {@code yield.max.seconds}, whichever comes first.
 *
 * <p>The machine's CPU use is sampled at most every {@value #SAMPLE_MILLIS} ms (an average since the sample
 * before), less the writer thread's own share, so that replaying the journal does not hold replaying up. Called
 * on the writer's thread only.
 */
final class CpuYield {

    /** How busy the machine is, and how much of that is the calling thread. */
    @FunctionalInterface
    interface Cpu {
        /** The machine's CPU use since the last call, 0 to 1 of all its cores; negative when unknown. */
        double machineLoad();

        /** CPU time of the calling thread, nanoseconds; negative when unknown (none is then left out). */
        default long threadCpuNanos() {
            return -1;
        }

        /** The machine's cores. */
        default int cores() {
            return 1;
        }
    }

    static final long SAMPLE_MILLIS = 250;

    private final Cpu cpu;
    private long sampledAt;
    private long threadCpuAt;
    private volatile double othersLoad;
    private boolean sampled;

    CpuYield(Cpu cpu) {
        this.cpu = cpu;
    }

    /**
     * The JVM's view: the operating system MBean's {@code CpuLoad} (container-aware; read as an MBean attribute,
     * as the framework does not export {@code com.sun.management}) and the thread's CPU time.
     */
    static CpuYield ofThisMachine() {
        return new CpuYield(thisMachine());
    }

    /** This machine's CPU as the JVM sees it. */
    static Cpu thisMachine() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName operatingSystem = operatingSystem();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int cores = Runtime.getRuntime().availableProcessors();
        return new Cpu() {
            @Override
            public double machineLoad() {
                try {
                    return server.getAttribute(operatingSystem, "CpuLoad") instanceof Double load ? load : -1;
                } catch (JMException | RuntimeException unknown) {
                    return -1;
                }
            }

            @Override
            public long threadCpuNanos() {
                return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
            }

            @Override
            public int cores() {
                return cores;
            }
        };
    }

    /**
     * @param nowMillis the time now
     * @param oldestWaitingSince when the oldest record held back started waiting, 0 when none waits
     * @return true when the database may be written now
     */
    boolean mayWrite(CdrSettings settings, long nowMillis, long oldestWaitingSince) {
        if (settings.yieldCpuPercent() == 0) {
            return true;
        }
        sample(nowMillis);
        if (othersLoad * 100 < settings.yieldCpuPercent()) {
            return true;
        }
        return oldestWaitingSince > 0 && nowMillis - oldestWaitingSince >= settings.yieldMaxSeconds() * 1000L;
    }

    /** The machine's CPU use by others than the writer at the last sample, 0 to 1. */
    double othersLoad() {
        return othersLoad;
    }

    private void sample(long nowMillis) {
        if (sampled && nowMillis - sampledAt < SAMPLE_MILLIS) {
            return;
        }
        double machine = cpu.machineLoad();
        long threadCpu = cpu.threadCpuNanos();
        long elapsedMillis = nowMillis - sampledAt;
        double own = 0;
        if (sampled && threadCpu >= 0 && threadCpuAt >= 0 && elapsedMillis > 0) {
            own = (threadCpu - threadCpuAt) / 1e6 / elapsedMillis / Math.max(1, cpu.cores());
        }
        sampledAt = nowMillis;
        threadCpuAt = threadCpu;
        if (machine < 0) {
            // Unknown (the platform does not say): never hold records back on a guess.
            othersLoad = 0;
            sampled = true;
            return;
        }
        othersLoad = Math.max(0, Math.min(1, machine - own));
        sampled = true;
    }

    /** The operating system MBean's name, made once rather than at each sample. */
    private static ObjectName operatingSystem() {
        try {
            return new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME);
        } catch (JMException notAName) {
            throw new IllegalStateException(notAName);
        }
    }
}
