package io.sipsm.sessiontimer.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.sipsm.host.CallLeg;
import io.sipsm.host.SipMessage;
import io.sipsm.host.testing.ManualScheduler;

/** A call leg that records what a policy sends and ends on it; the test answers the requests. */
final class FakeLeg implements CallLeg {

    record Sent(String method, Map<String, String> headers, String contentType, byte[] body, Duration at,
            Consumer<SipMessage> answer) {
        void answer(int status, String... headerPairs) {
            FakeMessage response = FakeMessage.response(status, method, "x");
            for (int i = 0; i < headerPairs.length; i += 2) {
                response.addHeader(headerPairs[i], headerPairs[i + 1]);
            }
            answer.accept(response);
        }
    }

    record Ended(int status, String text) {
    }

    final String callId;
    String id;
    final boolean inbound;
    final ManualScheduler clock;
    final List<Sent> sent = new ArrayList<>();
    final List<Ended> ended = new ArrayList<>();
    State state = State.CONFIRMED;
    FakeLeg peer;

    FakeLeg(String callId, boolean inbound, ManualScheduler clock) {
        this.callId = callId;
        this.id = "id-" + callId;
        this.inbound = inbound;
        this.clock = clock;
    }

    static void link(FakeLeg a, FakeLeg b) {
        a.peer = b;
        b.peer = a;
    }

    Sent last() {
        return sent.get(sent.size() - 1);
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
