package io.sipsm.sessiontimer.internal;

import io.sipsm.host.SipMessage;

/**
 * What a refresh needs to know of a leg's media and capabilities: the last SDP the host sent on it (a
 * keep-alive or refresh re-INVITE must repeat the session as it stands, never a stale offer) and whether the
 * peer's Allow lists UPDATE (a refresh without SDP, RFC 4028 section 7.4).
 */
final class LegMedia {

    private static final String SDP = "application/sdp";

    private byte[] sdp;
    private String sdpType = SDP;
    private boolean peerAllowsUpdate;

    /** The media of a leg taken up from its record. */
    static LegMedia restored(byte[] sdp, String sdpType, boolean peerAllowsUpdate) {
        LegMedia media = new LegMedia();
        media.sdp = sdp == null ? null : sdp.clone();
        media.sdpType = sdpType == null ? SDP : sdpType;
        media.peerAllowsUpdate = peerAllowsUpdate;
        return media;
    }

    /** Notes the SDP of a message the host sends on the leg, if it carries one. */
    synchronized void sent(SipMessage message) {
        byte[] body = message.content();
        String type = message.header("Content-Type");
        if (body.length > 0 && type != null && type.trim().toLowerCase(java.util.Locale.ROOT).startsWith(SDP)) {
            sdp = body.clone();
            sdpType = type.trim();
        }
    }

    /** Notes the peer's Allow from a message it sent, when the message lists one. */
    synchronized void received(SipMessage message) {
        java.util.List<String> allow = message.headers("Allow");
        if (!allow.isEmpty()) {
            peerAllowsUpdate = Negotiation.hasTag(allow, "UPDATE");
        }
    }

    /** The last SDP the host sent, or null when none was seen. */
    synchronized byte[] sdp() {
        return sdp == null ? null : sdp.clone();
    }

    synchronized String sdpType() {
        return sdpType;
    }

    synchronized boolean peerAllowsUpdate() {
        return peerAllowsUpdate;
    }
}
