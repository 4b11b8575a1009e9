package io.sipsm.host;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** What the SIP-servlet host runs now; registered while the container is up. */
@ProviderType
public interface HostStatus {

    /** A deployed SIP application. */
    record Application(String name, List<String> methods, String bundle, int activeApplicationSessions) {
    }

    /**
     * A SIP servlet registered under an application name that does not serve it: shadowed by a servlet of the
     * same name with a higher service ranking (or, at equal ranking, registered earlier), or failed to deploy.
     */
    record NotDeployed(String name, String bundle, long serviceId, String reason) {
    }

    /**
     * Messages from the network of one kind of fault, answered or dropped by the host without involving any
     * application.
     *
     * @param kind what was wrong, e.g. {@code malformed.request}, {@code no.dialog}, {@code via.loop}
     * @param handling what the host did: the status it answered ({@code 400}, {@code 481} ...) or {@code dropped}
     * @param count how many since the host bundle started
     */
    record NetworkFault(String kind, String handling, long count) {
    }

    /**
     * One version of an application in the container. Updating an application bundle deploys the new version
     * beside the old one: new initial requests go to the newest, which is {@code serving}; an older version keeps
     * the sessions it has (in-dialog requests, timers, listeners) and is undeployed when the last one ends.
     *
     * @param name the application name, as registered
     * @param version counts the deployments of the name since the host started, from 1
     * @param bundle symbolic name and version of the bundle that registered the servlet
     * @param serving whether new initial requests go to this version
     * @param activeApplicationSessions the version's application sessions (calls) now
     */
    record ApplicationVersion(String name, int version, String bundle, boolean serving,
            int activeApplicationSessions) {
    }

    /**
     * What a forced undeploy ended: the versions of the application kept for their calls, and those calls.
     *
     * @param versions how many older versions were undeployed
     * @param applicationSessions how many application sessions (calls) they still held; each call's legs were
     *        ended by the host (BYE on an answered leg, CANCEL or a final response on one being set up)
     */
    record ForcedUndeploy(String name, int versions, int applicationSessions) {
    }

    /**
     * What the host keeps for one policy bundle ({@link PolicyState}, {@link PolicyScheduler}).
     *
     * @param policy the policy bundle's symbolic name
     * @param legs legs of calls in progress with a record of the policy
     * @param records records bound to no leg
     * @param timers timers the policy's running revision has armed and not yet run
     * @since 1.5
     */
    record Policy(String policy, int legs, int records, int timers) {
    }

    /**
     * A value of the host's configuration ({@code io.sipsm.host}) stored in Configuration Admin but not in force:
     * refused with its edit, or refused before and left in place; its key keeps its last good value.
     *
     * @param key the property
     * @param value the value as stored
     * @param reason why it was refused
     * @since 1.7
     */
    record RefusedSetting(String key, String value, String reason) {

        /** One line: {@code <key>=<value> rejected: <reason>}. */
        @Override
        public String toString() {
            return key + "=" + value + " rejected: " + reason;
        }
    }

    /**
     * The values of the host's configuration stored but not in force now; empty when the stored configuration is
     * the one the host runs.
     *
     * @since 1.7
     */
    default List<RefusedSetting> refusedSettings() {
        return List.of();
    }

    /** Where the container listens, e.g. {@code UDP 127.0.0.1:5060}. */
    String endpoint();

    /** The deployed applications, in routing order. */
    List<Application> applications();

    /** The servlets registered as applications that are not deployed now, and why. */
    default List<NotDeployed> notDeployed() {
        return List.of();
    }

    /** Every version deployed now, serving or kept for its calls; newest first within each application. */
    default List<ApplicationVersion> versions() {
        return List.of();
    }

    /**
     * Undeploys now the older versions of an application that are kept for their calls, ending those calls on
     * every leg, with a Reason header saying so. The version serving new calls stays; to remove it, stop its
     * bundle (it then becomes an older version kept for its calls) and undeploy again.
     */
    default ForcedUndeploy forceUndeploy(String name) {
        return new ForcedUndeploy(name, 0, 0);
    }

    /** The application router's configuration: for each method of an initial request, the application it goes to. */
    String routes();

    /**
     * The state and timers the host keeps for each policy bundle, by symbolic name.
     *
     * @since 1.5
     */
    default List<Policy> policies() {
        return List.of();
    }

    /** Bad input from the network by kind of fault, every kind listed, in a fixed order. */
    List<NetworkFault> networkFaults();
}
