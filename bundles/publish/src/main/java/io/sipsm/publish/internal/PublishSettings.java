package io.sipsm.publish.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The validated configuration of {@link PublishConfig}.
 *
 * @param allowedSources the source ranges that may publish; empty: nobody
 * @param minExpires the shortest lifetime a gateway may ask for
 */
record PublishSettings(List<SourceRange> allowedSources, Duration minExpires) {

    static final String KEY_ALLOWED_SOURCES = "allowed.sources";
    static final String KEY_MIN_EXPIRES = "min.expires";

    PublishSettings {
        allowedSources = List.copyOf(allowedSources);
    }

    /** @throws IllegalArgumentException naming the key, the value and the reason of the first problem */
    static PublishSettings from(PublishConfig config) {
        List<SourceRange> ranges = new ArrayList<>();
        for (String entry : config.allowed_sources()) {
            for (String item : entry.split(",")) {
                if (item.isBlank()) {
                    continue;
                }
                try {
                    ranges.add(SourceRange.parse(item));
                } catch (IllegalArgumentException e) {
                    throw invalid(KEY_ALLOWED_SOURCES, item.trim(), e.getMessage());
                }
            }
        }
        if (config.min_expires() < 1 || config.min_expires() > 86_400) {
            throw invalid(KEY_MIN_EXPIRES, Integer.toString(config.min_expires()), "must be from 1 to 86400 seconds");
        }
        return new PublishSettings(ranges, Duration.ofSeconds(config.min_expires()));
    }

    /** A warning when the ranges let any address publish (opening PUBLISH to everyone must be seen), else none. */
    java.util.Optional<String> openToEveryone() {
        List<String> open = allowedSources.stream().filter(SourceRange::isEverything).map(Object::toString).toList();
        return open.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(PublishConfig.PID + ": " + KEY_ALLOWED_SOURCES + " " + String.join(",", open)
                        + " lets any source address publish and mark gateways available or unavailable; list the "
                        + "gateways' addresses unless that is meant");
    }

    /** True when a PUBLISH from this source address may be processed. */
    boolean allows(String sourceAddress) {
        return allowedSources.stream().anyMatch(range -> range.contains(sourceAddress));
    }

    private static IllegalArgumentException invalid(String key, String value, String reason) {
        return new IllegalArgumentException(
                "Invalid " + PublishConfig.PID + " configuration: " + key + " = '" + value + "': " + reason);
    }

    @Override
    public String toString() {
        return KEY_ALLOWED_SOURCES + "=" + (allowedSources.isEmpty() ? "(nobody)" : allowedSources) + ", "
                + KEY_MIN_EXPIRES + "=" + minExpires.toSeconds();
    }
}
