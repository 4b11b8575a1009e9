package io.sipsm.b2bua.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The Allow header of the INVITE to a gateway. The helper copies the caller's, which speaks for the caller, not
 * for this leg: a caller without UPDATE or PRACK would tell the gateway the host takes neither, though the host
 * refreshes sessions by UPDATE and PRACKs reliable provisionals on this leg. The leg allows what the host takes
 * on every call, then the caller's other methods, which the relay carries to the caller end to end.
 */
final class GatewayAllow {

    /** What the host handles on a gateway leg whatever the caller is. */
    static final List<String> HOST_METHODS = List.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "UPDATE", "PRACK");

    private GatewayAllow() {
    }

    /** @param callerAllow the caller's Allow values, as the container lists them (one list or one per header) */
    static List<String> methods(Iterator<String> callerAllow) {
        List<String> methods = new ArrayList<>(HOST_METHODS);
        while (callerAllow != null && callerAllow.hasNext()) {
            for (String method : callerAllow.next().split(",")) {
                String token = method.trim().toUpperCase(Locale.ROOT);
                if (!token.isEmpty() && !methods.contains(token)) {
                    methods.add(token);
                }
            }
        }
        return methods;
    }
}
