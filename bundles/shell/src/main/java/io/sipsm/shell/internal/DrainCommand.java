package io.sipsm.shell.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.sipsm.host.HostDrain;
import io.sipsm.host.HostStatus;

/**
 * {@code sipsm:drain}: takes the host out of service before it stops. New calls get 503 with Retry-After and
 * keep-alive OPTIONS 503, so a proxy in front moves traffic elsewhere; the command then waits until the calls
 * up have ended or the limit has passed, and says which. Stopping Karaf afterwards loses no call.
 */
@Command(scope = "sipsm", name = "drain", description = "Refuses new calls (503) and waits until the calls up have ended")
@Service
public class DrainCommand implements Action {

    @Option(name = "--timeout", aliases = "-t", description = "Seconds to wait for the calls up to end (default 600)")
    long timeoutSeconds = 600;

    @Option(name = "--no-wait", description = "Start draining and return at once")
    boolean noWait;

    @Option(name = "--cancel", description = "Stop draining: take new calls again")
    boolean cancel;

    @Option(name = "--status", description = "Only show whether the host drains and how many calls are up")
    boolean status;

    @Reference(optional = true)
    HostDrain drain;

    @Reference(optional = true)
    HostStatus host;

    @Reference
    Session session;

    /** How often the calls up are counted while waiting. */
    Duration pollEvery = Duration.ofSeconds(1);
    LongSupplier nanoClock = System::nanoTime;

    @Override
    public Object execute() {
        PrintStream out = session.getConsole();
        if (drain == null || host == null) {
            out.println("The SIP host is not running: nothing to drain.");
            return null;
        }
        if (timeoutSeconds < 0) {
            throw new IllegalArgumentException("--timeout must be 0 or more seconds, not " + timeoutSeconds);
        }
        if (cancel) {
            drain.resume();
            out.println("Taking new calls again; " + callsUp() + " calls up.");
            return null;
        }
        if (status) {
            out.println((drain.draining() ? "Draining" : "Not draining") + "; " + callsUp() + " calls up.");
            return null;
        }
        drain.drain();
        out.println("Draining: new calls get 503, keep-alive OPTIONS 503; " + callsUp() + " calls up.");
        if (!noWait) {
            waitForCallsToEnd(out);
        }
        return null;
    }

    private void waitForCallsToEnd(PrintStream out) {
        long started = nanoClock.getAsLong();
        long deadline = started + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        int last = callsUp();
        while (last > 0 && nanoClock.getAsLong() - deadline < 0) {
            LockSupport.parkNanos(pollEvery.toNanos());
            if (Thread.interrupted()) {
                out.println("Interrupted with " + last + " calls up; the host goes on draining "
                        + "(sipsm:drain --cancel takes calls again).");
                return;
            }
            int now = callsUp();
            if (now != last && now > 0) {
                out.println(now + " calls up after " + secondsSince(started) + " s");
            }
            last = now;
        }
        if (last == 0) {
            out.println("Drained after " + secondsSince(started) + " s: no call up. The host refuses new calls "
                    + "until it stops or sipsm:drain --cancel.");
        } else {
            out.println("Drain limit of " + timeoutSeconds + " s passed with " + last + " calls up; "
                    + "stopping now would drop them.");
        }
    }

    /** Older versions of an application kept for their calls count too. */
    private int callsUp() {
        List<HostStatus.ApplicationVersion> versions = host.versions();
        if (!versions.isEmpty()) {
            return versions.stream().mapToInt(HostStatus.ApplicationVersion::activeApplicationSessions).sum();
        }
        return host.applications().stream().mapToInt(HostStatus.Application::activeApplicationSessions).sum();
    }

    private long secondsSince(long started) {
        return TimeUnit.NANOSECONDS.toSeconds(nanoClock.getAsLong() - started);
    }
}
