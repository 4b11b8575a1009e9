package io.sipsm.host.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.sipsm.host.CallLeg;
import io.sipsm.host.SipMessage;

/** A call leg that records what a policy sends and ends on it; the test answers the requests. */
public final class FakeLeg implements CallLeg {

    /** A request the policy sent on the leg, at the scheduler's time; the test answers it. */
    public record Sent(String method, Map<String, String> headers, String contentType, byte[] body, Duration at,
            Consumer<SipMessage> answer) {
        public void answer(int status, String... headerPairs) {
            FakeMessage response = FakeMessage.response(status, method, "x");
            for (int i = 0; i < headerPairs.length; i += 2) {
                response.addHeader(headerPairs[i], headerPairs[i + 1]);
            }
            answer.accept(response);
        }
    }

    /** The policy ended the leg with this status and Reason text. */
    public record Ended(int status, String text) {
    }

    private final String callId;
    private final boolean inbound;
    private final ManualScheduler clock;
    private final List<Sent> sent = new ArrayList<>();
    private final List<Ended> ended = new ArrayList<>();
    private String id;
    private State state = State.CONFIRMED;
    private FakeLeg peer;

    public FakeLeg(String callId, boolean inbound, ManualScheduler clock) {
        this.callId = callId;
        this.id = "id-" + callId;
        this.inbound = inbound;
        this.clock = clock;
    }

    /** Makes each leg the other's peer: the two legs of one call. */
    public static void link(FakeLeg a, FakeLeg b) {
        a.peer = b;
        b.peer = a;
    }

    public List<Sent> sent() {
        return sent;
    }

    public Sent last() {
        return sent.get(sent.size() - 1);
    }

    public List<Ended> ended() {
        return ended;
    }

    public FakeLeg id(String newId) {
        this.id = newId;
        return this;
    }

    public FakeLeg state(State newState) {
        this.state = newState;
        return this;
    }

    /** A peer for this leg only (see {@link #link} for both). */
    public FakeLeg peer(FakeLeg newPeer) {
        this.peer = newPeer;
        return this;
    }

    @Override public String id() { return id; }
    @Override public String callId() { return callId; }
    @Override public String application() { return "b2bua"; }
    @Override public boolean isInbound() { return inbound; }
    @Override public State state() { return state; }
    @Override public Optional<CallLeg> peer() { return Optional.ofNullable(peer); }

    @Override
    public void send(String method, Map<String, String> headers, String contentType, byte[] body,
            Consumer<SipMessage> onFinalResponse) {
        if (state != State.CONFIRMED) {
            throw new IllegalStateException("not confirmed");
        }
        sent.add(new Sent(method, Map.copyOf(headers), contentType, body, clock.now(), onFinalResponse));
    }

    @Override
    public void end(int status, String text) {
        if (state != State.TERMINATED) {
            ended.add(new Ended(status, text));
            state = State.TERMINATED;
        }
    }
}
