package io.sipsm.host.internal.sip;

import gov.nist.javax.sip.message.SIPResponse;

/** Reason phrases, including those of extensions that jain-sip does not know ("Unknown Status"). */
public final class ReasonPhrases {

    private ReasonPhrases() {
    }

    public static String of(int status) {
        switch (status) {
            case 412: return "Conditional Request Failed"; // RFC 3903
            case 422: return "Session Interval Too Small"; // RFC 4028
            case 423: return "Interval Too Brief";
            default:
                String phrase = SIPResponse.getReasonPhrase(status);
                return phrase == null || phrase.startsWith("Unknown") ? "Status " + status : phrase;
        }
    }
}
