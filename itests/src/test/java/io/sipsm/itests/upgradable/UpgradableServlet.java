package io.sipsm.itests.upgradable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.sip.SipServlet;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;

/**
 * A UAS that answers every INVITE and leaves the answer to a BYE to a class of its own, {@link ByeAnswer},
 * that nothing uses before the first BYE: a version of this bundle replaced by an update while its calls are up
 * needs that class after the framework released the revision it came from.
 */
public class UpgradableServlet extends SipServlet {

    private static final long serialVersionUID = 1L;
    private static final String SDP = "v=0\r\no=callee 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 6000 RTP/AVP 0\r\n";

    @Override
    protected void doInvite(SipServletRequest invite) throws IOException {
        SipServletResponse ok = invite.createResponse(SipServletResponse.SC_OK);
        ok.setContent(SDP.getBytes(StandardCharsets.US_ASCII), "application/sdp");
        ok.send();
    }

    @Override
    protected void doAck(SipServletRequest ack) {
        // The call is up.
    }

    @Override
    protected void doBye(SipServletRequest bye) throws IOException {
        new ByeAnswer(bye).send();
    }
}
