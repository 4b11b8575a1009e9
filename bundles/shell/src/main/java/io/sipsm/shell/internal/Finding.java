package io.sipsm.shell.internal;

import java.util.List;

/**
 * A symptom the counters show, and what to check.
 *
 * @param symptom what was seen
 * @param evidence the counts that show it, one line each
 * @param current the parameter's global value and where it came from, e.g. {@code 4 (default)}
 * @param advice what the value means for this symptom and which way to move it
 */
record Finding(Symptom symptom, List<String> evidence, String current, String advice) {

    public Finding {
        evidence = List.copyOf(evidence);
    }
}
