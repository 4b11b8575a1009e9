package io.sipsm.host.internal.sip;

import java.util.Set;

/**
 * Methods of initial requests some deployed application takes. The whiteboard keeps it; the dispatcher
 * answers the others itself and the keep-alive probe asks it whether calls can be taken. Static because the
 * stack creates the dispatcher and the valves by class name.
 */
public final class RoutedMethods {

    private static volatile Set<String> routed = Set.of();
    private static volatile Set<String> paused = Set.of();

    private RoutedMethods() {
    }

    /** True when some deployed application takes initial requests of this method. */
    public static boolean routes(String method) {
        return routed.contains(method);
    }

    public static void set(Set<String> methods) {
        routed = Set.copyOf(methods);
    }

    /**
     * True when no application takes initial requests of this method now but one whose older version still
     * serves its calls did: its bundle is being updated or was stopped.
     */
    public static boolean paused(String method) {
        return paused.contains(method);
    }

    public static void setPaused(Set<String> methods) {
        paused = Set.copyOf(methods);
    }
}
