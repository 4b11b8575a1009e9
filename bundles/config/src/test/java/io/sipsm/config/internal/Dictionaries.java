package io.sipsm.config.internal;

import java.util.Dictionary;
import java.util.Hashtable;

/** Configuration dictionaries as Config Admin hands them over. */
final class Dictionaries {

    private Dictionaries() {
    }

    /** Alternating keys and values. */
    static Dictionary<String, Object> of(Object... keysAndValues) {
        Hashtable<String, Object> table = new Hashtable<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            table.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return table;
    }
}
