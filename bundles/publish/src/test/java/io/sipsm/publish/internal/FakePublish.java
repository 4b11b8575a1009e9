package io.sipsm.publish.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sipsm.host.CallLeg;
import io.sipsm.host.InboundRequest;

/** An incoming request as the host hands it to interceptors, recording the answer. */
final class FakePublish implements InboundRequest {

    private final String method;
    private final String source;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];

    Integer status;
    String reason;
    Map<String, String> answerHeaders;

    private FakePublish(String method, String source) {
        this.method = method;
        this.source = source;
    }

    /** A well-formed initial PUBLISH from {@code source}:{@code port} with a body and the given Expires. */
    static FakePublish initial(String source, int port, Integer expires) {
        FakePublish publish = new FakePublish("PUBLISH", source)
                .with("Via", "SIP/2.0/UDP " + source + ":" + port + ";branch=z9hG4bK-1")
                .with("Event", "presence")
                .body("<presence/>");
        return expires == null ? publish : publish.with("Expires", expires.toString());
    }

    static FakePublish request(String method, String source) {
        return new FakePublish(method, source);
    }

    FakePublish with(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(), k -> new ArrayList<>()).add(value);
        return this;
    }

    FakePublish without(String name) {
        headers.remove(name.toLowerCase());
        return this;
    }

    FakePublish body(String text) {
        body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    @Override
    public boolean isInitial() {
        return true;
    }

    // Host SPI 1.1 (no @Override, so the fake compiles against 1.0 as well).
    public String requestUri() {
        return "sip:presence@127.0.0.1";
    }

    public String requestDomain() {
        return "127.0.0.1";
    }

    @Override
    public String remoteAddress() {
        return source;
    }

    @Override
    public void respond(int status, String reason, Map<String, String> headers) {
        if (this.status != null) {
            throw new IllegalStateException("answered twice");
        }
        this.status = status;
        this.reason = reason;
        this.answerHeaders = Map.copyOf(headers);
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public int status() {
        return 0;
    }

    @Override
    public String callId() {
        return "call-1@test";
    }

    @Override
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase());
        return values == null ? null : values.get(0);
    }

    @Override
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(), List.of());
    }

    @Override
    public void setHeader(String name, String value) {
        headers.put(name.toLowerCase(), new ArrayList<>(List.of(value)));
    }

    @Override
    public void addHeader(String name, String value) {
        with(name, value);
    }

    @Override
    public void removeHeader(String name) {
        without(name);
    }

    @Override
    public byte[] content() {
        return body;
    }

    @Override
    public Optional<CallLeg> leg() {
        return Optional.empty();
    }
}
