package io.sipsm.b2bua.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The validated settings of the B2BUA. A call keeps the instance it started with (as an application session
 * attribute), so a configuration change never reorders the gateways of a call in progress.
 *
 * @param gateways the gateways in the order they are tried, at least one
 * @param failoverStatuses the final statuses that move a call to the next gateway
 * @param userStrip leading characters removed from the caller's request-URI user part
 * @param userPrefix text put in front of the user part after stripping
 */
record RoutingSettings(List<Gateway> gateways, StatusRanges failoverStatuses, int userStrip, String userPrefix)
        implements Serializable {

    static final String KEY_GATEWAYS = "gateways";
    static final String KEY_FAILOVER_STATUSES = "failover.statuses";
    static final String KEY_USER_STRIP = "user.strip";
    static final String KEY_USER_PREFIX = "user.prefix";

    RoutingSettings {
        gateways = List.copyOf(gateways);
    }

    /** The built-in settings, what an empty configuration gives: the start for values refused at activation. */
    static final RoutingSettings DEFAULTS = new RoutingSettings(List.of(Gateway.parse("127.0.0.1:5070")),
            StatusRanges.parse("408,500-599,600-602,604-699"), 0, "");

    /** A value not taken: its key keeps the last good value. */
    record Refusal(String key, String value, String reason) {
        @Override
        public String toString() {
            return "Invalid " + B2buaConfig.PID + " configuration: " + key + " = '" + value + "': " + reason;
        }
    }

    /** The settings read key by key, and the values refused (each key refused keeps its value of {@code lastGood}). */
    record Reading(RoutingSettings settings, List<Refusal> refusals) {
    }

    /**
     * Validates a configuration.
     *
     * @throws IllegalArgumentException naming the key, the value and the reason of the first problem found
     */
    static RoutingSettings from(B2buaConfig config) {
        Reading reading = read(config, DEFAULTS);
        if (!reading.refusals().isEmpty()) {
            throw new IllegalArgumentException(reading.refusals().get(0).toString());
        }
        return reading.settings();
    }

    /** Reads each key on its own: a bad value of one key never keeps the others from applying. */
    static Reading read(B2buaConfig config, RoutingSettings lastGood) {
        List<Refusal> refusals = new ArrayList<>();
        List<Gateway> gateways = new ArrayList<>();
        for (String entry : config.gateways()) {
            for (String item : entry.split(",")) {
                if (item.isBlank()) {
                    continue;
                }
                try {
                    gateways.add(Gateway.parse(item));
                } catch (IllegalArgumentException e) {
                    refusals.add(new Refusal(KEY_GATEWAYS, item.trim(), e.getMessage()));
                    gateways = null;
                    break;
                }
            }
            if (gateways == null) {
                break;
            }
        }
        if (gateways != null && gateways.isEmpty()) {
            refusals.add(new Refusal(KEY_GATEWAYS, String.join(",", config.gateways()), "at least one gateway is needed"));
            gateways = null;
        }
        StatusRanges statuses = lastGood.failoverStatuses();
        try {
            statuses = StatusRanges.parse(config.failover_statuses());
        } catch (IllegalArgumentException e) {
            refusals.add(new Refusal(KEY_FAILOVER_STATUSES, config.failover_statuses(), e.getMessage()));
        }
        int strip = lastGood.userStrip();
        if (config.user_strip() < 0) {
            refusals.add(new Refusal(KEY_USER_STRIP, String.valueOf(config.user_strip()), "must be 0 or more"));
        } else {
            strip = config.user_strip();
        }
        String prefix = config.user_prefix().trim();
        // Characters that are safe unescaped in a SIP URI user part and common in dial plans.
        if (!prefix.matches("[A-Za-z0-9+*#._~-]*")) {
            refusals.add(new Refusal(KEY_USER_PREFIX, prefix, "may contain only letters, digits and + * # . _ ~ -"));
            prefix = lastGood.userPrefix();
        }
        return new Reading(new RoutingSettings(gateways == null ? lastGood.gateways() : gateways, statuses, strip,
                prefix), List.copyOf(refusals));
    }

    /** The key's value in this configuration, as text: to tell whether an edit brought a refused value. */
    static String valueOf(B2buaConfig config, String key) {
        return switch (key) {
            case KEY_GATEWAYS -> String.join(",", config.gateways());
            case KEY_FAILOVER_STATUSES -> config.failover_statuses();
            case KEY_USER_STRIP -> String.valueOf(config.user_strip());
            default -> config.user_prefix();
        };
    }

    /** The user part to send to a gateway for the user part of the caller's request URI (null for none). */
    String gatewayUser(String callerUser) {
        String user = callerUser == null ? "" : callerUser;
        user = userPrefix + user.substring(Math.min(userStrip, user.length()));
        return user.isEmpty() ? null : user;
    }

    @Override
    public String toString() {
        return KEY_GATEWAYS + "=" + gateways + ", " + KEY_FAILOVER_STATUSES + "=" + failoverStatuses + ", "
                + KEY_USER_STRIP + "=" + userStrip + ", " + KEY_USER_PREFIX + "='" + userPrefix + "'";
    }
}
