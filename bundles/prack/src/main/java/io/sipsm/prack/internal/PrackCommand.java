package io.sipsm.prack.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code sipsm:prack}: what the PRACK policy did since it started. */
@Command(scope = "sipsm", name = "prack", description = "Reliable provisional responses (RFC 3262): counters")
@Service
public class PrackCommand implements Action {

    @Reference
    PrackPolicy policy;

    @Reference
    Session session;

    @Option(name = "--no-format", description = "Plain columns, no table borders (for scripts)")
    boolean noFormat;

    @Override
    public Object execute() {
        PrackCounters c = policy.counters();
        ShellTable table = new ShellTable();
        table.column("Counter");
        table.column("Value").alignRight();
        table.addRow().addContent("reliable provisionals sent", c.reliableSent.sum());
        table.addRow().addContent("PRACKs received", c.pracksReceived.sum());
        table.addRow().addContent("PRACK timeouts (INVITE rejected 500)", c.prackTimeouts.sum());
        table.addRow().addContent("INVITEs requiring 100rel rejected (420)", c.rejectedUnsupported.sum());
        table.print(session.getConsole(), !noFormat);
        return null;
    }
}
