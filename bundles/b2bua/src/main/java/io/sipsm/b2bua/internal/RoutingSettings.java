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

    /**
     * Validates a configuration.
     *
     * @throws IllegalArgumentException naming the key, the value and the reason of the first problem found
     */
    static RoutingSettings from(B2buaConfig config) {
        List<Gateway> gateways = new ArrayList<>();
        for (String entry : config.gateways()) {
            for (String item : entry.split(",")) {
                if (item.isBlank()) {
                    continue;
                }
                try {
                    gateways.add(Gateway.parse(item));
                } catch (IllegalArgumentException e) {
                    throw invalid(KEY_GATEWAYS, item.trim(), e.getMessage());
                }
            }
        }
        if (gateways.isEmpty()) {
            throw invalid(KEY_GATEWAYS, String.join(",", config.gateways()), "at least one gateway is needed");
        }
        StatusRanges statuses;
        try {
            statuses = StatusRanges.parse(config.failover_statuses());
        } catch (IllegalArgumentException e) {
            throw invalid(KEY_FAILOVER_STATUSES, config.failover_statuses(), e.getMessage());
        }
        if (config.user_strip() < 0) {
            throw invalid(KEY_USER_STRIP, String.valueOf(config.user_strip()), "must be 0 or more");
        }
        String prefix = config.user_prefix().trim();
        // Characters that are safe unescaped in a SIP URI user part and common in dial plans.
        if (!prefix.matches("[A-Za-z0-9+*#._~-]*")) {
            throw invalid(KEY_USER_PREFIX, prefix, "may contain only letters, digits and + * # . _ ~ -");
        }
        return new RoutingSettings(gateways, statuses, config.user_strip(), prefix);
    }

    /** The user part to send to a gateway for the user part of the caller's request URI (null for none). */
    String gatewayUser(String callerUser) {
        String user = callerUser == null ? "" : callerUser;
        user = userPrefix + user.substring(Math.min(userStrip, user.length()));
        return user.isEmpty() ? null : user;
    }

    private static IllegalArgumentException invalid(String key, String value, String reason) {
        return new IllegalArgumentException(
                "Invalid " + B2buaConfig.PID + " configuration: " + key + " = '" + value + "': " + reason);
    }

    @Override
    public String toString() {
        return KEY_GATEWAYS + "=" + gateways + ", " + KEY_FAILOVER_STATUSES + "=" + failoverStatuses + ", "
                + KEY_USER_STRIP + "=" + userStrip + ", " + KEY_USER_PREFIX + "='" + userPrefix + "'";
    }
}
