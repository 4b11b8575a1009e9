package io.sipsm.health.internal;

/** The tags of the checks, as Felix and Sling name them. */
final class HealthTags {

    /** The process runs and should not be restarted: a failing check here asks for a restart. */
    static final String SYSTEM_ALIVE = "systemalive";
    /** The node takes traffic: a failing check here asks a balancer to send new work elsewhere. */
    static final String SYSTEM_READY = "systemready";

    private HealthTags() {
    }
}
