package io.sipsm.prack.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What RFC 3262 asks of a UAS, decided from the option tags of the caller's INVITE and the call's
 * "Enable 100rel" setting.
 */
final class PrackRules {

    static final String OPTION = "100rel";

    private static final Pattern TO_TAG = Pattern.compile(";\\s*tag\\s*=", Pattern.CASE_INSENSITIVE);

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

    /** An INVITE without a To tag starts a dialog (RFC 3261 section 12.1.2); one with a tag is a re-INVITE. */
    static boolean isInitial(String to) {
        return to == null || !TO_TAG.matcher(to).find();
    }

    static boolean contains(List<String> tags, String tag) {
        return tags.stream().anyMatch(t -> t.trim().toLowerCase(Locale.ROOT).equals(tag));
    }

    /** The option tags but {@code tag}, in order. */
    static List<String> without(List<String> tags, String tag) {
        return tags.stream().map(String::trim).filter(t -> !t.toLowerCase(Locale.ROOT).equals(tag)).toList();
    }
}
