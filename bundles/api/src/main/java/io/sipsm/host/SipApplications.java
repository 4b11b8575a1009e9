package io.sipsm.host;

/**
 * Service properties of the application whiteboard.
 *
 * <p>A bundle deploys a SIP application by registering its main {@code javax.servlet.sip.SipServlet} as an
 * OSGi service with {@link #APPLICATION} set to the application's name; unregistering the service (stopping
 * or uninstalling the bundle) undeploys it: its sessions are invalidated and its timers cancelled. Listener
 * services ({@code SipSessionListener}, {@code SipApplicationSessionListener}, {@code SipErrorListener},
 * {@code TimerListener}, ...) registered with the same {@link #APPLICATION} value are added to that
 * application; with {@link #ALL} they are added to every application the host runs, now and later.
 */
public final class SipApplications {

    /** Service property (String): the SIP application a servlet or listener service belongs to. */
    public static final String APPLICATION = "sipsm.application";

    /** Value of {@link #APPLICATION} on a listener service that applies to every application on the host. */
    public static final String ALL = "*";

    /**
     * Service property (String or String[]) on a servlet service: the SIP methods of initial requests the
     * application router sends to this application, for example {@code INVITE, OPTIONS}. Without it the
     * application gets no initial requests unless the host's routing configuration names it.
     */
    public static final String METHODS = "sipsm.application.methods";

    private SipApplications() {
    }
}
