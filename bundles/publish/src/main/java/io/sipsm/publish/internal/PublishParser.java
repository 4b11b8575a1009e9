package io.sipsm.publish.internal;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sipsm.host.InboundRequest;

/**
 * Reads the headers of a PUBLISH that RFC 3903 processing needs, refusing malformed ones with a reason fit for
 * a 400 reason phrase.
 */
final class PublishParser {

    /** RFC 3261 token characters: what an event package and an entity-tag are made of. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9.!%*_+`'~-]+");
    /** {@code SIP/2.0/UDP host[:port]}; the host may be a bracketed IPv6 address. */
    private static final Pattern VIA = Pattern.compile("SIP\\s*/\\s*2\\.0\\s*/\\s*([A-Za-z0-9-]+)\\s+"
            + "(\\[[0-9A-Fa-f:.]+\\]|[^\\s:;\\[\\]]+)(?:\\s*:\\s*(\\d{1,5}))?");
    /** RFC 3261 delta-seconds larger than 2^32-1 mean 2^32-1. */
    private static final long MAX_DELTA_SECONDS = 4_294_967_295L;

    private PublishParser() {
    }

    /** The request's facts; the gateway is its source address at the port of its top Via. */
    static PublishRequest parse(InboundRequest request) throws MalformedPublishException {
        String event = event(request.header("Event"));
        String ifMatch = ifMatch(request.headers("SIP-If-Match"));
        OptionalLong expires = expires(request.header("Expires"));
        int port = viaPort(request.header("Via"));
        GatewayAddress gateway;
        try {
            gateway = GatewayAddress.of(request.remoteAddress(), port);
        } catch (IllegalArgumentException e) {
            throw new MalformedPublishException("Unknown Source Address");
        }
        byte[] body = request.content();
        return new PublishRequest(gateway, event, ifMatch, expires, body != null && body.length > 0);
    }

    static String event(String header) throws MalformedPublishException {
        if (header == null || header.isBlank()) {
            // RFC 3903 section 6, step 2: no Event header, 489.
            throw new MalformedPublishException(489, "Bad Event");
        }
        String type = header.split(";", 2)[0].trim();
        if (!TOKEN.matcher(type).matches()) {
            throw new MalformedPublishException("Malformed Event Header");
        }
        return type.toLowerCase(Locale.ROOT);
    }

    static String ifMatch(List<String> values) throws MalformedPublishException {
        if (values.isEmpty()) {
            return null;
        }
        // RFC 3903: a single entity-tag; several would leave the publication to refresh ambiguous.
        if (values.size() > 1 || !TOKEN.matcher(values.get(0).trim()).matches()) {
            throw new MalformedPublishException("Malformed SIP-If-Match Header");
        }
        return values.get(0).trim();
    }

    static OptionalLong expires(String header) throws MalformedPublishException {
        if (header == null) {
            return OptionalLong.empty();
        }
        String value = header.trim();
        if (!value.matches("\\d{1,32}")) {
            throw new MalformedPublishException("Malformed Expires Header");
        }
        return OptionalLong.of(value.length() > 10 ? MAX_DELTA_SECONDS
                : Math.min(Long.parseLong(value), MAX_DELTA_SECONDS));
    }

    /** The sent-by port of the top Via: where the gateway listens, so where routing sends it calls. */
    static int viaPort(String via) throws MalformedPublishException {
        Matcher m = via == null ? null : VIA.matcher(via.trim());
        if (m == null || !m.lookingAt()) {
            throw new MalformedPublishException("Malformed Via Header");
        }
        if (m.group(3) == null) {
            return "TLS".equalsIgnoreCase(m.group(1)) ? 5061 : 5060;
        }
        int port = Integer.parseInt(m.group(3));
        if (port < 1 || port > 65535) {
            throw new MalformedPublishException("Malformed Via Header");
        }
        return port;
    }
}
