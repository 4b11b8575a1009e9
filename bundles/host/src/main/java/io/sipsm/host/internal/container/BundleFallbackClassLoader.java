package io.sipsm.host.internal.container;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Parent class loader of an application's context: the host's classes first (the container loads its own
 * classes through it), then the application's, which the container needs to load the application's classes by
 * name. The application's are those of the bundle revision deployed ({@link ApplicationClasses}), not of a
 * later revision the same bundle was updated to.
 */
final class BundleFallbackClassLoader extends ClassLoader {

    private final ClassLoader application;

    BundleFallbackClassLoader(ClassLoader host, ClassLoader application) {
        super(host);
        this.application = application;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        return application.loadClass(name);
    }

    @Override
    protected URL findResource(String name) {
        return application.getResource(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        Enumeration<URL> found = application.getResources(name);
        if (found == null) {
            return Collections.emptyEnumeration();
        }
        Set<URL> urls = new LinkedHashSet<>(Collections.list(found));
        return Collections.enumeration(urls);
    }
}
