package io.sipsm.config.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Configuration values as text: for messages, and for parsers that accept strings, arrays and collections alike. */
final class ValueText {

    private ValueText() {
    }

    /** The value as an operator would recognise it; arrays and collections comma separated. */
    static String of(Object value) {
        return value == null ? "" : String.join(",", elements(value));
    }

    /**
     * The elements of an array or collection as text, or the value itself as the one element. Config Admin
     * hands over String, String[], Collection or typed arrays depending on who wrote the configuration.
     */
    static List<String> elements(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> collection) {
            collection.forEach(e -> out.add(String.valueOf(e)));
        } else if (value != null && value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(String.valueOf(Array.get(value, i)));
            }
        } else if (value != null) {
            out.add(String.valueOf(value));
        }
        return out;
    }

    /** Elements of a list-valued property, each element also split at commas as a typed string holds them. */
    static List<String> items(Object value) {
        List<String> out = new ArrayList<>();
        for (String element : elements(value)) {
            for (String item : element.split(",", -1)) {
                out.add(item.trim());
            }
        }
        return out;
    }
}
