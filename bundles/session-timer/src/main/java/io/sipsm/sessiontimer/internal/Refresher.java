package io.sipsm.sessiontimer.internal;

import java.util.Locale;

/**
 * The {@code refresher} parameter of Session-Expires (RFC 4028 section 4). It names a role in the transaction
 * that carried it, not a party: {@code uac} in an INVITE we receive means the peer, in an INVITE we send means
 * us. {@link #refreshesLocally(boolean)} turns it into what the policy needs.
 */
enum Refresher {
    UAC, UAS;

    /** The parameter value, {@code uac} or {@code uas}. */
    String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * True when this role is the host's side of the transaction that carried it.
     *
     * @param hostSentTheRequest true when the host was the UAC of that transaction
     */
    boolean refreshesLocally(boolean hostSentTheRequest) {
        return (this == UAC) == hostSentTheRequest;
    }

    /** The role of the host's side of a transaction. */
    static Refresher local(boolean hostSentTheRequest) {
        return hostSentTheRequest ? UAC : UAS;
    }

    /** @throws MalformedHeaderException for anything but {@code uac} or {@code uas}, in any case */
    static Refresher parse(String value) throws MalformedHeaderException {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "uac" -> UAC;
            case "uas" -> UAS;
            default -> throw new MalformedHeaderException("refresher must be uac or uas, was '" + value + "'");
        };
    }
}
