package io.sipsm.host.internal.container;

import java.util.Collection;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an application's classes loadable for as long as its calls last. When its bundle is updated, the
 * framework disposes the old revision's wiring (nothing else wires to an application bundle), and from then on
 * its class loader refuses every class it has not loaded yet, while that version still serves its calls. So at
 * deploy every class of the bundle's own content is loaded through the revision's class loader, which answers
 * loaded classes without asking the wiring; imported packages stay wired to their exporters.
 */
final class ApplicationClasses {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationClasses.class);

    private ApplicationClasses() {
    }

    /** The class loader of the bundle's current revision, every class of its own loaded; null when unresolved. */
    static ClassLoader pin(Bundle bundle) {
        BundleWiring wiring = bundle == null ? null : bundle.adapt(BundleWiring.class);
        ClassLoader loader = wiring == null ? null : wiring.getClassLoader();
        if (loader == null) {
            return null;
        }
        long started = System.nanoTime();
        Collection<String> resources = wiring.listResources("/", "*.class",
                BundleWiring.LISTRESOURCES_RECURSE | BundleWiring.LISTRESOURCES_LOCAL);
        int loaded = 0;
        int skipped = 0;
        for (String resource : resources) {
            if (resource.endsWith("module-info.class") || resource.endsWith("package-info.class")) {
                continue;
            }
            String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError unusable) {
                // An optional import not wired, or a class for another environment: the application cannot use it either.
                skipped++;
                LOG.debug("Class {} of bundle {} not loaded: {}", name, bundle.getSymbolicName(), unusable.toString());
            }
        }
        LOG.debug("Bundle {}: {} classes loaded for the life of its deployment, {} skipped ({} ms)",
                bundle.getSymbolicName(), loaded, skipped, (System.nanoTime() - started) / 1_000_000);
        return loader;
    }
}
