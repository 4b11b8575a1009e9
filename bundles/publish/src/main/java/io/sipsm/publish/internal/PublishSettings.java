package io.sipsm.publish.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sipsm.config.AddressRange;

/**
 * The validated configuration of {@link PublishConfig}.
 *
 * @param allowedSources the source ranges that may publish; empty: nobody
 * @param minExpires the shortest lifetime a gateway may ask for
 */
record PublishSettings(List<AddressRange> allowedSources, Duration minExpires) {

    static final String KEY_ALLOWED_SOURCES = "allowed.sources";
    static final String KEY_MIN_EXPIRES = "min.expires";

    PublishSettings {
        allowedSources = List.copyOf(allowedSources);
    }

    /** The built-in settings (nobody may publish): the start for values refused at activation. */
    static final PublishSettings DEFAULTS = new PublishSettings(List.of(), Duration.ofSeconds(60));

    /** A value not taken: its key keeps the last good value. */
    record Refusal(String key, String value, String reason) {
        @Override
        public String toString() {
            return "Invalid " + PublishConfig.PID + " configuration: " + key + " = '" + value + "': " + reason;
        }
    }

    /** The settings read key by key, and the values refused (each key refused keeps its value of {@code lastGood}). */
    record Reading(PublishSettings settings, List<Refusal> refusals) {
    }

    /** @throws IllegalArgumentException naming the key, the value and the reason of the first problem */
    static PublishSettings from(PublishConfig config) {
        Reading reading = read(config, DEFAULTS);
        if (!reading.refusals().isEmpty()) {
            throw new IllegalArgumentException(reading.refusals().get(0).toString());
        }
        return reading.settings();
    }

    /** Reads each key on its own: a bad value of one key never keeps the others from applying. */
    static Reading read(PublishConfig config, PublishSettings lastGood) {
        List<Refusal> refusals = new ArrayList<>();
        List<AddressRange> ranges = new ArrayList<>();
        outer:
        for (String entry : config.allowed_sources()) {
            for (String item : entry.split(",")) {
                if (item.isBlank()) {
                    continue;
                }
                var range = AddressRange.parse(item);
                if (range.isEmpty()) {
                    refusals.add(new Refusal(KEY_ALLOWED_SOURCES, item.trim(),
                            "not an IPv4 or IPv6 address or address/prefix-length range"));
                    ranges = lastGood.allowedSources();
                    break outer;
                }
                ranges.add(range.get());
            }
        }
        Duration minExpires = lastGood.minExpires();
        if (config.min_expires() < 1 || config.min_expires() > 86_400) {
            refusals.add(new Refusal(KEY_MIN_EXPIRES, Integer.toString(config.min_expires()),
                    "must be from 1 to 86400 seconds"));
        } else {
            minExpires = Duration.ofSeconds(config.min_expires());
        }
        return new Reading(new PublishSettings(ranges, minExpires), List.copyOf(refusals));
    }

    /** The key's value in this configuration, as text: to tell whether an edit brought a refused value. */
    static String valueOf(PublishConfig config, String key) {
        return KEY_ALLOWED_SOURCES.equals(key) ? String.join(",", config.allowed_sources())
                : Integer.toString(config.min_expires());
    }

    /** A warning when the ranges let any address publish (opening PUBLISH to everyone must be seen), else none. */
    java.util.Optional<String> openToEveryone() {
        List<String> open = allowedSources.stream().filter(AddressRange::isEverything).map(Object::toString).toList();
        return open.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(PublishConfig.PID + ": " + KEY_ALLOWED_SOURCES + " " + String.join(",", open)
                        + " lets any source address publish and mark gateways available or unavailable; list the "
                        + "gateways' addresses unless that is meant");
    }

    /** True when a PUBLISH from this source address may be processed. */
    boolean allows(String sourceAddress) {
        return allowedSources.stream().anyMatch(range -> range.contains(sourceAddress));
    }

    @Override
    public String toString() {
        return KEY_ALLOWED_SOURCES + "=" + (allowedSources.isEmpty() ? "(nobody)" : allowedSources) + ", "
                + KEY_MIN_EXPIRES + "=" + minExpires.toSeconds();
    }
}
