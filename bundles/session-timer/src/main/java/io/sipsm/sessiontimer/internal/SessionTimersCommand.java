package io.sipsm.sessiontimer.internal;

import java.io.PrintStream;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
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

    @Override
    public Object execute() {
        print(status, session.getConsole());
        return null;
    }

    static void print(SessionTimerStatus status, PrintStream out) {
        ShellTable outcomes = new ShellTable();
        outcomes.column("Outcome");
        outcomes.column("Count").alignRight();
        for (Map.Entry<Outcome, Long> entry : status.counts().entrySet()) {
            outcomes.addRow().addContent(entry.getKey().label(), entry.getValue());
        }
        outcomes.print(out);
        out.println();
        ShellTable legs = new ShellTable();
        legs.column("Call-ID");
        legs.column("Mode");
        legs.column("Interval").alignRight();
        legs.column("Refresher");
        legs.column("Refresh by");
        for (SessionTimerStatus.LegView leg : status.legs()) {
            boolean timer = leg.interval() != null;
            legs.addRow().addContent(leg.callId(), leg.mode(), timer ? leg.interval().toSeconds() + " s" : "-",
                    timer ? (leg.localRefresher() ? "host" : "peer") : "host",
                    timer && leg.byUpdate() ? "UPDATE" : "re-INVITE");
        }
        legs.print(out);
        out.println(status.legs().size() + " legs watched, " + status.pendingInvites() + " INVITEs awaiting an answer");
    }
}
