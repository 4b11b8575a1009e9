package io.sipsm.config.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.sipsm.config.SipKey;

/**
 * The named presets {@value io.sipsm.config.SipConfiguration#PROFILE} accepts, as plain data: the guides'
 * recommended settings per operation type (session-timer segment, early hangup, no-timer re-INVITE interval,
 * PRACK) and their resend lists per deployment type. A profile names at most one of each; their keys do not
 * overlap, so the order of the names does not matter. Values are as an operator types them and go through
 * {@link KeyRules} like any other value.
 *
 * <p>Each preset says where its values come from. Only three resend lists could be checked against the guides
 * when this was written (issue 26 quotes them, and the standard list is VOS3000's default, manual section
 * 4.3.5.2); the guides' operation-type table was not available, so those rows and the other two lists are
 * marked provisional: values chosen within the manual's ranges for the use the name describes, to be replaced
 * by the guides' figures.
 */
final class Presets {

    /** What a preset tunes: the two kinds combine, one of each at most. */
    enum Kind {
        /** Session timer, early hangup, keep-alive re-INVITE and PRACK for a kind of business. */
        OPERATION("operation type"),
        /** The resend list for a kind of network. */
        DEPLOYMENT("deployment type");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** Where a preset's figures come from. */
    static final String GUIDES_VIA_ISSUE_26 = "the guides' deployment table, as quoted in issue 26";
    static final String MANUAL_DEFAULT = "VOS3000 V2.1.9.07 manual, 4.3.5.2: the default SS_SIP_RESEND_INTERVAL";
    static final String PROVISIONAL = "provisional: the guides' table was not available here; chosen within the"
            + " manual's ranges, to be checked against the guides";

    /**
     * One preset.
     *
     * @param name what {@value io.sipsm.config.SipConfiguration#PROFILE} names it by, lower case
     * @param kind operation or deployment type
     * @param values the keys it sets, as typed text
     * @param source where the values come from
     */
    record Preset(String name, Kind kind, Map<SipKey, String> values, String source) {

        Preset {
            values = Map.copyOf(values);
        }
    }

    private static final Map<String, Preset> ALL = Arrays.stream(new Preset[] {
        operation("wholesale-termination", 4, 60, 3600, false),
        operation("prepaid-retail", 4, 30, 1800, false),
        operation("enterprise-pbx", 2, 60, 7200, true),
        operation("call-center", 4, 60, 14400, true),
        operation("residential", 2, 30, 7200, false),
        deployment("standard", "0.5,1,2,4,4,4,4,4,4,4", MANUAL_DEFAULT),
        deployment("unstable-networks", "0.5,1,2,4,8,8,8,8,8,8", GUIDES_VIA_ISSUE_26),
        deployment("fast-failover", "0.5,1,2", PROVISIONAL),
        deployment("high-reliability", "1,2,4,8,8,8,8,8,8,8", PROVISIONAL),
        deployment("aggressive-retry", "0.5,0.5,1,1,2,2,4,4,4,4", GUIDES_VIA_ISSUE_26),
    }).collect(Collectors.toUnmodifiableMap(Preset::name, p -> p));

    private Presets() {
    }

    /**
     * The preset of this name: case and surrounding blanks ignored, and a space or underscore read as the
     * hyphen, so {@code Call Center} and {@code call_center} both name {@code call-center}.
     */
    static Optional<Preset> named(String name) {
        String normal = name.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_]+", "-");
        return Optional.ofNullable(ALL.get(normal));
    }

    /** Every preset, operation types first, each kind in name order. */
    static java.util.List<Preset> all() {
        return ALL.values().stream()
                .sorted(java.util.Comparator.comparing(Preset::kind).thenComparing(Preset::name)).toList();
    }

    /** The names of one kind, comma separated, for messages. */
    static String names(Kind kind) {
        return all().stream().filter(p -> p.kind() == kind).map(Preset::name).collect(Collectors.joining(", "));
    }

    private static Preset operation(String name, int segment, int earlyHangup, int noTimerInterval, boolean prack) {
        return new Preset(name, Kind.OPERATION, Map.of(
                SipKey.SESSION_UPDATE_SEGMENT, String.valueOf(segment),
                SipKey.SESSION_TIMEOUT_EARLY_HANGUP, String.valueOf(earlyHangup),
                SipKey.NO_TIMER_REINVITE_INTERVAL, String.valueOf(noTimerInterval),
                SipKey.ENABLE_100REL, String.valueOf(prack)), PROVISIONAL);
    }

    private static Preset deployment(String name, String resendList, String source) {
        return new Preset(name, Kind.DEPLOYMENT, Map.of(SipKey.RESEND_INTERVAL, resendList), source);
    }
}
