package io.sipsm.host;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** What the SIP-servlet host runs now; registered while the container is up. */
@ProviderType
public interface HostStatus {

    /** A deployed SIP application. */
    record Application(String name, List<String> methods, String bundle, int activeApplicationSessions) {
    }

    /** Where the container listens, e.g. {@code UDP 127.0.0.1:5060}. */
    String endpoint();

    /** The deployed applications, in routing order. */
    List<Application> applications();

    /** The application router's configuration: for each method of an initial request, the application it goes to. */
    String routes();
}
