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

    /** Where the container listens, e.g. {@code UDP 127.0.0.1:5060}. */
    String endpoint();

    /** The deployed applications, in routing order. */
    List<Application> applications();

    /** The servlets registered as applications that are not deployed now, and why. */
    default List<NotDeployed> notDeployed() {
        return List.of();
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
