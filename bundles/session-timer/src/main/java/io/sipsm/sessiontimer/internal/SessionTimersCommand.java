package io.sipsm.sessiontimer.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code sipsm:session-timers}: the counts per outcome, then the legs under a session timer or keep-alive. */
@Command(scope = "sipsm", name = "session-timers",
        description = "Shows session-timer outcomes (refreshed, expired, 422, keep-alive failed) and the legs being watched")
@Service
public class SessionTimersCommand implements Action {

    @Reference
    SessionTimerStatus status;

    @Reference
    Session session;

    @Option(name = "--limit", description = "Legs listed at most (a host may watch 100,000); 0 lists none")
    int limit = 50;

    @Option(name = "--no-format", description = "Plain columns, no table borders (for scripts)")
    boolean noFormat;

    @Override
    public Object execute() {
        print(status, session.getConsole(), limit, !noFormat);
        return null;
    }

    static void print(SessionTimerStatus status, PrintStream out, int limit, boolean format) {
        ShellTable outcomes = new ShellTable();
        outcomes.column("Outcome");
        outcomes.column("Count").alignRight();
        for (Map.Entry<Outcome, Long> entry : status.counts().entrySet()) {
            outcomes.addRow().addContent(entry.getKey().label(), entry.getValue());
        }
        outcomes.print(out, format);
        out.println();
        ShellTable legs = new ShellTable();
        legs.column("Call-ID");
        legs.column("Mode");
        legs.column("Interval").alignRight();
        legs.column("Refresher");
        legs.column("Refresh by");
        List<SessionTimerStatus.LegView> watched = status.legs();
        for (SessionTimerStatus.LegView leg : watched.subList(0, Math.min(Math.max(limit, 0), watched.size()))) {
            boolean timer = leg.interval() != null;
            legs.addRow().addContent(leg.callId(), leg.mode(), timer ? leg.interval().toSeconds() + " s" : "-",
                    timer ? (leg.localRefresher() ? "host" : "peer") : "host",
                    timer && leg.byUpdate() ? "UPDATE" : "re-INVITE");
        }
        legs.print(out, format);
        int unlisted = watched.size() - Math.min(Math.max(limit, 0), watched.size());
        out.println(watched.size() + " legs watched" + (unlisted > 0 ? " (" + unlisted + " not listed: --limit)" : "")
                + ", " + status.pendingInvites() + " INVITEs awaiting an answer");
    }
}
