package io.sipsm.itests;

import java.io.IOException;

import javax.servlet.ServletException;
import javax.servlet.sip.SipServlet;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;

/** A UAS that answers every call: 180, then 200 with an SDP answer; BYE gets 200. */
public class EchoServlet extends SipServlet {

    private static final long serialVersionUID = 1L;

    static final String ANSWER = "v=0\r\no=callee 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 6002 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    @Override
    protected void doInvite(SipServletRequest request) throws ServletException, IOException {
        request.createResponse(SipServletResponse.SC_RINGING).send();
        SipServletResponse ok = request.createResponse(SipServletResponse.SC_OK);
        ok.setContent(ANSWER, "application/sdp");
        ok.send();
    }

    @Override
    protected void doBye(SipServletRequest request) throws ServletException, IOException {
        request.createResponse(SipServletResponse.SC_OK).send();
    }
}
