package io.sipsm.publish.internal;

import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

import io.sipsm.gateway.GatewayAvailability;
import io.sipsm.gateway.GatewayStatus;

/** {@code sipsm:gateways}: every gateway that published, whether routing uses it, and when it last published. */
@Command(scope = "sipsm", name = "gateways",
        description = "Lists the gateways that published (PUBLISH), their state, publication age and expiry")
@Service
public class GatewaysCommand implements Action {

    @Reference
    GatewayAvailability availability;

    @Reference
    Session session;

    @Option(name = "--no-format", description = "Plain columns, no table borders (for scripts)")
    boolean noFormat;

    @Override
    public Object execute() {
        List<GatewayStatus> gateways = availability.gateways();
        if (gateways.isEmpty()) {
            session.getConsole().println("No gateway has published; every gateway is available.");
            return null;
        }
        ShellTable table = new ShellTable();
        GatewayRows.HEADERS.forEach(table::column);
        GatewayRows.rows(gateways, Instant.now()).forEach(row -> table.addRow().addContent(List.copyOf(row)));
        table.print(session.getConsole(), !noFormat);
        return null;
    }
}
