package io.sipsm.publish.internal;

import io.sipsm.host.testing.FakeMessage;

/** Requests as the host hands them to the PUBLISH interceptor. */
final class Publishes {

    private Publishes() {
    }

    /** A well-formed initial PUBLISH from {@code source}:{@code port} with a body and the given Expires. */
    static FakeMessage initial(String source, int port, Integer expires) {
        FakeMessage publish = request("PUBLISH", source)
                .with("Via", "SIP/2.0/UDP " + source + ":" + port + ";branch=z9hG4bK-1")
                .with("Event", "presence")
                .body("<presence/>");
        return expires == null ? publish : publish.with("Expires", expires.toString());
    }

    static FakeMessage request(String method, String source) {
        return FakeMessage.request(method, "call-1@test").from(source).to("sip:presence@127.0.0.1");
    }
}
