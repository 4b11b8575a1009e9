package io.sipsm.host.internal.valves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.ParseException;

import javax.sip.header.ContactHeader;

import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;

class RemoteTargetValveTest {

    @Test
    void aDialogCreatingResponseToAnInviteWithoutContactLacksARemoteTarget() throws ParseException {
        assertTrue(RemoteTargetValve.lacksRemoteTarget(response(183, "INVITE", "b1", null)));
        assertTrue(RemoteTargetValve.lacksRemoteTarget(response(180, "INVITE", "b1", null)));
        assertTrue(RemoteTargetValve.lacksRemoteTarget(response(200, "INVITE", "b1", null)));
    }

    @Test
    void othersAreLeftAsTheyCame() throws ParseException {
        assertFalse(RemoteTargetValve.lacksRemoteTarget(response(183, "INVITE", "b1", "<sip:gw@127.0.0.1:5070>")));
        assertFalse(RemoteTargetValve.lacksRemoteTarget(response(100, "INVITE", null, null)));
        assertFalse(RemoteTargetValve.lacksRemoteTarget(response(180, "INVITE", null, null)));
        assertFalse(RemoteTargetValve.lacksRemoteTarget(response(486, "INVITE", "b1", null)));
        assertFalse(RemoteTargetValve.lacksRemoteTarget(response(200, "BYE", "b1", null)));
        assertFalse(RemoteTargetValve.lacksRemoteTarget(response(200, "PRACK", "b1", null)));
    }

    @Test
    void theFallbackTargetIsWhereTheResponseCameFromWithItsTransport() throws ParseException {
        assertEquals("sip:127.0.0.1:5070;transport=tcp", RemoteTargetValve.source("127.0.0.1", 5070, "TCP").toString());
    }

    private static SIPResponse response(int status, String method, String toTag, String contact)
            throws ParseException {
        String text = "SIP/2.0 " + status + " Whatever\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-1\r\n"
                + "From: <sip:caller@127.0.0.1>;tag=a1\r\n"
                + "To: <sip:gw@127.0.0.1:5070>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: c1@127.0.0.1\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + (contact == null ? "" : ContactHeader.NAME + ": " + contact + "\r\n")
                + "Content-Length: 0\r\n\r\n";
        return (SIPResponse) new StringMsgParser().parseSIPMessage(text.getBytes(), true, false, null);
    }
}
