package io.sipsm.shell.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.support.table.ShellTable;

import io.sipsm.host.HostStatus;

/** What {@code sipsm:host} prints: the endpoint, the deployed applications and the router's routes. */
final class HostReport {

    private static final int METHODS_WIDTH = 50;

    private final HostStatus host;

    HostReport(HostStatus host) {
        this.host = host;
    }

    /** Name, methods, bundle, active application sessions; in routing order, as the host lists them. */
    List<List<String>> applicationRows() {
        return host.applications().stream().map(a -> List.of(a.name(), String.join(", ", a.methods()), a.bundle(),
                String.valueOf(a.activeApplicationSessions()))).toList();
    }

    /**
     * Each deployed version: name, version, bundle, state, application sessions. An older version stays
     * deployed beside the one serving until its last call ends.
     */
    List<List<String>> versionRows() {
        return host.versions().stream().map(v -> List.of(v.name(), String.valueOf(v.version()), v.bundle(),
                v.serving() ? "serving" : "kept for its calls", String.valueOf(v.activeApplicationSessions())))
                .toList();
    }

    void print(PrintStream out) {
        out.println("Endpoint: " + host.endpoint());
        out.println();
        ShellTable table = new ShellTable().emptyTableText("no SIP application deployed");
        table.column("Application");
        table.column("Methods");
        table.column("Bundle");
        table.column("Sessions").alignRight();
        applicationRows().forEach(row -> WrappedRows.add(table, row, 1, METHODS_WIDTH));
        table.print(out);
        List<List<String>> versions = versionRows();
        if (!versions.isEmpty()) {
            out.println();
            out.println("Versions (an older one keeps its calls until they end; sipsm:undeploy --force ends them):");
            ShellTable versionTable = new ShellTable();
            versionTable.column("Application");
            versionTable.column("Version").alignRight();
            versionTable.column("Bundle");
            versionTable.column("State");
            versionTable.column("Sessions").alignRight();
            versions.forEach(row -> versionTable.addRow().addContent(row.toArray()));
            versionTable.print(out);
        }
        List<HostStatus.NotDeployed> notDeployed = host.notDeployed();
        if (!notDeployed.isEmpty()) {
            out.println();
            out.println("Not deployed:");
            notDeployed.forEach(n -> out.println("  " + n.name() + " (bundle " + n.bundle() + ", service "
                    + n.serviceId() + "): " + n.reason()));
        }
        out.println();
        out.println("Routes:");
        // The router's configuration is multi-line text; indent it so it reads as one block.
        host.routes().lines().forEach(line -> out.println("  " + line));
        out.println();
        out.println("Bad input from the network (since the host started):");
        ShellTable faults = new ShellTable();
        faults.column("Fault");
        faults.column("Handling");
        faults.column("Count").alignRight();
        host.networkFaults().forEach(f -> faults.addRow().addContent(f.kind(), f.handling(), f.count()));
        faults.print(out);
    }
}
