package io.sipsm.host;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Takes a host out of service without dropping a call, before it stops: while draining, every new call and
 * every other initial request is answered {@code 503 Service Unavailable} with {@code Retry-After}, and the
 * keep-alive OPTIONS of a proxy get 503 too, so that the proxy sends new calls elsewhere; requests inside calls
 * already up go on as before, until those calls end. Registered by the host while the container runs; the
 * calls still up are counted in {@link HostStatus#applications()}.
 */
@ProviderType
public interface HostDrain {

    /** Starts draining (again, if it was); calls already up are not touched. */
    void drain();

    /** Takes new calls again. */
    void resume();

    /** Whether the host is draining now. */
    boolean draining();
}
