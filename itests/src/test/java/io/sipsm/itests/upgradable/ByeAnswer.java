package io.sipsm.itests.upgradable;

import java.io.IOException;

import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;

/** Answers a BYE; loaded only when the first BYE comes. */
public class ByeAnswer {

    private final SipServletRequest bye;

    public ByeAnswer(SipServletRequest bye) {
        this.bye = bye;
    }

    public void send() throws IOException {
        bye.createResponse(SipServletResponse.SC_OK).send();
    }
}
