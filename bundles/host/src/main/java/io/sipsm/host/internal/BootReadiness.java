package io.sipsm.host.internal;

import java.util.function.Consumer;

import org.osgi.framework.AllServiceListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;

/**
 * Whether the framework has finished its boot: Karaf registers {@code org.apache.karaf.features.BootFinished} once
 * every boot feature is installed. Until then a fresh host's first calls wait seconds (its stack threads stood
 * still for 2.7 s while the boot features were still being installed, though the B2BUA was deployed), so a proxy's
 * keep-alive must not put it in rotation yet. Looked up by name: the host does not depend on Karaf's API, and
 * where no features service runs there is no boot to wait for.
 */
final class BootReadiness implements AllServiceListener, AutoCloseable {

    static final String BOOT_FINISHED = "org.apache.karaf.features.BootFinished";
    static final String FEATURES_SERVICE = "org.apache.karaf.features.FeaturesService";

    private final BundleContext context;
    private final Consumer<Boolean> booted;

    private BootReadiness(BundleContext context, Consumer<Boolean> booted) {
        this.context = context;
        this.booted = booted;
    }

    /** Tells {@code booted} now and whenever it changes, until closed. */
    static BootReadiness watch(BundleContext context, Consumer<Boolean> booted) {
        BootReadiness readiness = new BootReadiness(context, booted);
        try {
            context.addServiceListener(readiness, "(objectClass=" + BOOT_FINISHED + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        booted.accept(registered(context, BOOT_FINISHED) || !registered(context, FEATURES_SERVICE));
        return readiness;
    }

    /** Whatever the class space: the host does not import Karaf's packages. */
    private static boolean registered(BundleContext context, String objectClass) {
        try {
            return context.getAllServiceReferences(objectClass, null) != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        booted.accept(event.getType() != ServiceEvent.UNREGISTERING);
    }

    @Override
    public void close() {
        context.removeServiceListener(this);
    }
}
