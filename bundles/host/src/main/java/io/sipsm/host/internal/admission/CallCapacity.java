package io.sipsm.host.internal.admission;

/**
 * The rate of initial requests the host can carry, measured rather than configured: the messages its stack
 * threads handle per second while every one of them is busy, divided by the messages each admitted initial
 * request brings.
 *
 * <p>Why: the queue delay shows overload late. A call admitted now brings its ACK, its gateway leg's answers
 * and its BYE over the next seconds, so at twice the capacity the delay stayed low for the first second or two
 * while far too many calls were admitted, and their later messages then held the host past T1 for seconds
 * more, whatever share of the new ones it refused. Service rate and cost per call are known before that: the
 * first from any stretch in which no thread waited for work, the second from the steady mix of traffic.
 *
 * <ul>
 * <li>Service rate: in every window of at least {@link #WINDOW_NANOS} that began with work waiting and in which
 * no stack thread waited for work, the messages handed out per second. The samples spread widely: deep in a
 * backlog, with the peers retransmitting and the host's own timers firing, the threads handled less than half
 * of what they handle at the edge of saturation. The estimate therefore follows a higher sample within
 * {@link #RISE_SECONDS} and a lower one only over {@link #FALL_SECONDS}: it stands for what the host carries
 * when it is not yet drowning, and one bad second does not hold it down. The first {@link #WARM_UP_MESSAGES}
 * messages of a new stack are not measured: they run code the JIT has not compiled yet, and a fresh host
 * measured 189 messages/s in its first busy window, a twentieth of what it handles warm. While the host is
 * not fully busy but the ceiling built on this estimate refused calls, the estimate is low (measured while
 * another process took the cores, say), so it is raised until a busy window measures it again: by
 * {@link #PROBE_PER_SECOND} a second times the share of messages a thread waited for (the idler the threads,
 * the further below the truth the estimate).
 * <li>Cost per call: messages queued over initial requests admitted, each smoothed over
 * {@link #COST_SECONDS}: long enough that the messages a call brings after it was admitted (its ACK, BYE and
 * gateway answers) count with it even when admissions stop or drop at once, as when a load ends or the host
 * starts refusing; over 10 s the cost doubled after each such step and the ceiling sank with it.
 * </ul>
 * Unknown, and then infinite, until the host has been fully busy once. Called on every admission decision; a
 * window closes on the first call after it has lasted long enough.
 */
final class CallCapacity {

    static final long WINDOW_NANOS = 100_000_000L;
    static final double RISE_SECONDS = 0.5;
    static final double FALL_SECONDS = 10.0;
    static final double COST_SECONDS = 60.0;
    static final double PROBE_PER_SECOND = 0.4;
    static final long WARM_UP_MESSAGES = 20_000;
    /** Over how long the rate the threads handle messages now is smoothed. */
    static final double HANDLED_SECONDS = 1.0;

    private long windowStart = Long.MIN_VALUE;
    private OverloadGauges.ServiceCounters atStart;
    private long admittedAtStart;
    private long refusedAtStart;
    private double serviceRate = Double.POSITIVE_INFINITY;
    private double queuedRate;
    private double admittedRate;
    private double handledRate;
    private boolean lastWindowBusy;
    private boolean measuredHandled;

    /**
     * Takes the counters as they are now; a window closes when {@link #WINDOW_NANOS} have passed since the last.
     *
     * @param service what the stack's threads did so far
     * @param admitted initial requests admitted so far
     * @param refusedForRate initial requests refused so far because the rate built on this estimate was reached
     *     (not those refused at a lower bound: they say nothing of this estimate)
     */
    synchronized void update(long now, OverloadGauges.ServiceCounters service, long admitted, long refusedForRate) {
        if (windowStart != Long.MIN_VALUE && now - windowStart < WINDOW_NANOS) {
            return;
        }
        if (windowStart != Long.MIN_VALUE) {
            closeWindow((now - windowStart) / 1e9, service, admitted, refusedForRate);
        }
        windowStart = now;
        atStart = service;
        admittedAtStart = admitted;
        refusedAtStart = refusedForRate;
    }

    private void closeWindow(double seconds, OverloadGauges.ServiceCounters service, long admitted,
            long refusedForRate) {
        long handled = service.handedOut() - atStart.handedOut();
        // Work waiting when the window began, and no thread waited at any moment of it (one waiting at its end
        // began in it, or was waiting already). Without the backlog at the start, the windows of a host that keeps
        // up in which no thread happened to wait are mostly those a collection pause or another process slowed.
        boolean allBusy = atStart.backlog() > 0 && atStart.waiting() == 0
                && service.idleWaits() == atStart.idleWaits();
        lastWindowBusy = allBusy;
        if (allBusy && atStart.handedOut() >= WARM_UP_MESSAGES && handled > 0) {
            double measured = handled / seconds;
            serviceRate = Double.isInfinite(serviceRate) ? measured
                    : smooth(serviceRate, measured, seconds, measured > serviceRate ? RISE_SECONDS : FALL_SECONDS);
        } else if (refusedForRate > refusedAtStart && !Double.isInfinite(serviceRate) && handled > 0) {
            double waitedPerMessage = Math.min(1, (double) (service.idleWaits() - atStart.idleWaits()) / handled);
            serviceRate *= 1 + PROBE_PER_SECOND * waitedPerMessage * seconds;
        }
        // From the first window on: smoothed up from nothing, the rate a fresh host carried read a fraction of
        // the truth for its first second, and a cut then held a cold host far below what it could take.
        handledRate = measuredHandled ? smooth(handledRate, handled / seconds, seconds, HANDLED_SECONDS)
                : handled / seconds;
        measuredHandled = true;
        queuedRate = smooth(queuedRate, (service.queued() - atStart.queued()) / seconds, seconds, COST_SECONDS);
        admittedRate = smooth(admittedRate, (admitted - admittedAtStart) / seconds, seconds, COST_SECONDS);
    }

    /** Initial requests per second the host can carry; infinite while unknown. */
    synchronized double callsPerSecond() {
        if (Double.isInfinite(serviceRate) || admittedRate <= 0 || queuedRate <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return serviceRate / messagesPerCall();
    }

    /**
     * Initial requests per second the host carries now: the messages its threads took over the last second or
     * so, divided by the messages a call brings, if the last window found every thread busy; 0 otherwise and while
     * unknown. With threads waiting for work, the rate handled is the load, not what the host can carry, and a
     * lag then comes from a pause or from a call whose messages wait their turn. Measured in the warm-up too:
     * what code the JIT has not compiled yet carries is a fraction of the host's rate, but it is what a cold host
     * can take now, and nothing else bounded a fresh host flooded at once (issue 20: its first call answered
     * after 5 s).
     */
    synchronized double busyCallsPerSecond() {
        return !lastWindowBusy || admittedRate <= 0 || queuedRate <= 0 ? 0 : handledRate / messagesPerCall();
    }

    /** At least one: the initial request itself. */
    private double messagesPerCall() {
        return Math.max(1, queuedRate / admittedRate);
    }

    /** The two measures behind the estimate, for the log. */
    @Override
    public synchronized String toString() {
        String service = Double.isInfinite(serviceRate) ? "not measured yet" : Math.round(serviceRate) + " messages/s";
        String cost = admittedRate <= 0 ? "unknown"
                : String.format(java.util.Locale.ROOT, "%.1f", queuedRate / admittedRate);
        return "service rate " + service + ", messages per call " + cost;
    }

    /** Forgets what was measured: a new stack, or control switched off. */
    synchronized void reset() {
        windowStart = Long.MIN_VALUE;
        serviceRate = Double.POSITIVE_INFINITY;
        queuedRate = 0;
        admittedRate = 0;
        handledRate = 0;
        measuredHandled = false;
        lastWindowBusy = false;
    }

    /** Exponential smoothing over a time constant, whatever the window's length. */
    private static double smooth(double average, double sample, double seconds, double timeConstant) {
        double weight = 1 - Math.exp(-seconds / timeConstant);
        return average + (sample - average) * weight;
    }
}
