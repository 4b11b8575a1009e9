package io.sipsm.host.internal.container;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.osgi.framework.Bundle;

/**
 * Parent class loader of an application's context: the host's classes first (the container loads its own
 * classes through it), then the application bundle's, which the container needs to load the application's
 * classes by name.
 */
final class BundleFallbackClassLoader extends ClassLoader {

    private final Bundle application;

    BundleFallbackClassLoader(ClassLoader host, Bundle application) {
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
