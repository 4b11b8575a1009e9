package io.sipsm.host.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sipsm.host.CallLeg;
import io.sipsm.host.InboundRequest;

/**
 * A SIP message as the host hands it to a policy: headers in a map (case-insensitive names, split at commas as
 * the host does); as an inbound request it records its one answer.
 */
public final class FakeMessage implements InboundRequest {

    private List<java.time.Duration> resendList;

    /** What a policy answered to the request. */
    public record Answer(int status, String reason, Map<String, String> headers) {
    }

    private final String method;
    private final int status;
    private final String callId;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] content = new byte[0];
    private CallLeg leg;
    private String remoteAddress = "192.0.2.7";
    private String requestUri = "sip:bob@acme.example.com";
    private Answer answer;

    private FakeMessage(String method, int status, String callId) {
        this.method = method;
        this.status = status;
        this.callId = callId;
    }

    public static FakeMessage request(String method, String callId) {
        return new FakeMessage(method, 0, callId);
    }

    public static FakeMessage response(int status, String method, String callId) {
        return new FakeMessage(method, status, callId);
    }

    /** Adds a header value. */
    public FakeMessage with(String name, String value) {
        addHeader(name, value);
        return this;
    }

    public FakeMessage without(String name) {
        removeHeader(name);
        return this;
    }

    public FakeMessage body(String text) {
        content = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public FakeMessage sdp(String body) {
        setHeader("Content-Type", "application/sdp");
        return body(body);
    }

    public FakeMessage on(CallLeg callLeg) {
        this.leg = callLeg;
        return this;
    }

    /** The address the request came from (default 192.0.2.7). */
    public FakeMessage from(String address) {
        this.remoteAddress = address;
        return this;
    }

    public FakeMessage to(String uri) {
        this.requestUri = uri;
        return this;
    }

    /** Header lines as they would go out, one per value set. */
    public List<String> raw(String name) {
        return headers.getOrDefault(name.toLowerCase(), List.of());
    }

    /** The policy's answer, or null while it has not answered. */
    /** The waits a policy asked this outgoing request to be retransmitted after, null when none asked. */
    public List<java.time.Duration> resendList() {
        return resendList;
    }

    @Override
    public boolean resendOn(List<java.time.Duration> waits) {
        resendList = List.copyOf(waits);
        return isRequest();
    }

    public Answer answer() {
        return answer;
    }

    @Override public String method() { return method; }
    @Override public int status() { return status; }
    @Override public String callId() { return callId; }
    @Override public byte[] content() { return content; }
    @Override public Optional<CallLeg> leg() { return Optional.ofNullable(leg); }
    @Override public String remoteAddress() { return remoteAddress; }
    @Override public String requestUri() { return requestUri; }

    @Override
    public String requestDomain() {
        String host = requestUri.substring(requestUri.indexOf('@') + 1);
        int end = host.indexOf(';');
        return end < 0 ? host : host.substring(0, end);
    }

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

    @Override
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (String value : raw(name)) {
            Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(values::add);
        }
        return values;
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

    /** A request is answered once: a second answer is a fault of the policy under test. */
    @Override
    public void respond(int status, String reason, Map<String, String> headers) {
        if (answer != null) {
            throw new IllegalStateException("answered twice: " + answer.status() + ", then " + status);
        }
        answer = new Answer(status, reason, Map.copyOf(headers));
    }
}
