package io.sipsm.prack.internal;

import java.util.List;
import java.util.Locale;

/**
 * What RFC 3262 asks of a UAS, decided from the option tags of the caller's INVITE and the call's
 * "Enable 100rel" setting.
 */
final class PrackRules {

    static final String OPTION = "100rel";

    /** What to do with an initial INVITE. */
    enum InviteVerdict {
        /** Let it through. */
        ACCEPT,
        /** 420 Bad Extension with Unsupported: 100rel: the caller requires what this host does not do. */
        REJECT_UNSUPPORTED
    }

    private PrackRules() {
    }

    static InviteVerdict invite(boolean enabled, List<String> require) {
        return !enabled && contains(require, OPTION) ? InviteVerdict.REJECT_UNSUPPORTED : InviteVerdict.ACCEPT;
    }

    /** A 180 or 183 goes reliably when enabled; the host then checks that the caller offered 100rel. */
    static boolean sendReliably(boolean enabled, int status) {
        return enabled && (status == 180 || status == 183);
    }

    private static boolean contains(List<String> tags, String tag) {
        return tags.stream().anyMatch(t -> t.trim().toLowerCase(Locale.ROOT).equals(tag));
    }
}
