package io.sipsm.host.internal.container;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The container knows each deployed version of an application by a context name of its own (it takes one
 * context per name); policies, tenants and operators know the application's name. This maps the one to the
 * other: the first version's context name is the application's name, a version deployed beside an older one
 * gets the application's name with {@code ~2}, {@code ~3} ... appended.
 */
public enum ContextNames {
    INSTANCE;

    private final Map<String, String> applicationByContext = new ConcurrentHashMap<>();

    /** The first context name of the application not taken by a context deployed now. */
    public static String free(String application, Predicate<String> taken) {
        String candidate = application;
        for (int slot = 2; taken.test(candidate); slot++) {
            candidate = application + "~" + slot;
        }
        return candidate;
    }

    public void add(String context, String application) {
        applicationByContext.put(context, application);
    }

    public void remove(String context) {
        applicationByContext.remove(context);
    }

    /** The application deployed under the context name; the name itself for a context the host did not deploy. */
    String application(String context) {
        return context == null ? null : applicationByContext.getOrDefault(context, context);
    }
}
