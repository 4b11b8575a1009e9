package io.sipsm.host.internal.whiteboard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which application gets the initial requests of each method: the first application, in routing order, that
 * declares the method. The routing order is the configured list of names, then the others in deployment
 * order. The result is the container's default application router (DAR) configuration.
 */
final class ApplicationRoutes {

    /**
     * An application as routing sees it.
     *
     * @param context the container's name for the context serving it, which the router names
     */
    record Candidate(String name, String context, List<String> methods, long deployedSequence) {
    }

    private ApplicationRoutes() {
    }

    static List<Candidate> inRoutingOrder(List<String> routingOrder, Collection<Candidate> applications) {
        List<Candidate> ordered = new ArrayList<>(applications);
        ordered.sort(Comparator.comparingInt((Candidate c) -> rank(routingOrder, c.name()))
                .thenComparingLong(Candidate::deployedSequence));
        return ordered;
    }

    /** method → the container's name for the context of the application serving it. */
    static Map<String, String> byMethod(List<String> routingOrder, Collection<Candidate> applications) {
        Map<String, String> routes = new LinkedHashMap<>();
        for (Candidate candidate : inRoutingOrder(routingOrder, applications)) {
            for (String method : candidate.methods()) {
                routes.putIfAbsent(method.trim().toUpperCase(Locale.ROOT), candidate.context());
            }
        }
        return routes;
    }

    /** The DAR properties text for these routes. */
    static String dar(Map<String, String> routes) {
        StringBuilder dar = new StringBuilder();
        routes.forEach((method, application) -> dar.append(method).append(": (\"").append(application)
                .append("\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\")\n"));
        return dar.toString();
    }

    private static int rank(List<String> routingOrder, String name) {
        int index = routingOrder.indexOf(name);
        return index < 0 ? Integer.MAX_VALUE : index;
    }
}
