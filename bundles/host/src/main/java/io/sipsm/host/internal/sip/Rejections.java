package io.sipsm.host.internal.sip;

import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.message.MessageFactoryImpl;

/** Final error responses the host makes itself. */
public final class Rejections {

    private static final MessageFactoryImpl MESSAGES = new MessageFactoryImpl();

    private Rejections() {
    }

    /** A final error to the INVITE, in the early dialog the provisional response opened (same To tag). */
    public static Response inEarlyDialog(Request invite, Response provisional, int status, String why) throws Exception {
        Response response = MESSAGES.createResponse(status, invite);
        response.setReasonPhrase(ReasonPhrases.of(status));
        String tag = ((ToHeader) provisional.getHeader(ToHeader.NAME)).getTag();
        ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(tag);
        response.addHeader(JainSipMessage.create("Reason", "SIP;cause=" + status + ";text=\"" + why + "\""));
        return response;
    }
}
