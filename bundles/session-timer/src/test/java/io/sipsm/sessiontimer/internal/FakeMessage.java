package io.sipsm.sessiontimer.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sipsm.host.CallLeg;
import io.sipsm.host.InboundRequest;

/** A SIP message with headers in a map (case-insensitive names); also an inbound request that records answers. */
final class FakeMessage implements InboundRequest {

    record Answer(int status, String reason, Map<String, String> headers) {
    }

    private final String method;
    private final int status;
    private final String callId;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] content = new byte[0];
    private CallLeg leg;
    private String remoteAddress = "192.0.2.7";
    Answer answer;
    /** The resend schedule a policy put the request on, if any. */
    io.sipsm.host.ResendSchedule resend;

    private FakeMessage(String method, int status, String callId) {
        this.method = method;
        this.status = status;
        this.callId = callId;
    }

    static FakeMessage request(String method, String callId) {
        return new FakeMessage(method, 0, callId);
    }

    static FakeMessage response(int status, String method, String callId) {
        return new FakeMessage(method, status, callId);
    }

    FakeMessage with(String name, String value) {
        addHeader(name, value);
        return this;
    }

    FakeMessage sdp(String body) {
        content = body.getBytes(StandardCharsets.UTF_8);
        setHeader("Content-Type", "application/sdp");
        return this;
    }

    FakeMessage on(CallLeg callLeg) {
        this.leg = callLeg;
        return this;
    }

    @Override
    public boolean resendOn(io.sipsm.host.ResendSchedule schedule) {
        resend = schedule;
        return true;
    }

    @Override public String method() { return method; }
    @Override public int status() { return status; }
    @Override public String callId() { return callId; }
    @Override public byte[] content() { return content; }
    @Override public Optional<CallLeg> leg() { return Optional.ofNullable(leg); }
    @Override public String remoteAddress() { return remoteAddress; }

    // Not marked @Override: SPI 1.1 adds these, and the fake compiles against 1.0 and 1.1 alike.
    public String requestUri() { return "sip:bob@acme.example.com"; }
    public String requestDomain() { return "acme.example.com"; }

    @Override
    public boolean isInitial() {
        String to = header("To");
        return to == null || !to.contains("tag=");
    }

    @Override
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase());
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Splits at commas, as the host does. */
    @Override
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (String value : headers.getOrDefault(name.toLowerCase(), List.of())) {
            Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(values::add);
        }
        return values;
    }

    /** Header lines as they would go out, one per value set. */
    List<String> raw(String name) {
        return headers.getOrDefault(name.toLowerCase(), List.of());
    }

    @Override
    public void setHeader(String name, String value) {
        headers.put(name.toLowerCase(), new ArrayList<>(List.of(value)));
    }

    @Override
    public void addHeader(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(), k -> new ArrayList<>()).add(value);
    }

    @Override
    public void removeHeader(String name) {
        headers.remove(name.toLowerCase());
    }

    @Override
    public void respond(int status, String reason, Map<String, String> headers) {
        answer = new Answer(status, reason, headers);
    }
}
