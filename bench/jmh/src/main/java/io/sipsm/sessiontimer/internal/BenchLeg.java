package io.sipsm.sessiontimer.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.sipsm.host.CallLeg;
import io.sipsm.host.SipMessage;

/**
 * A confirmed call leg as the host hands it to the session-timer policy, for the scale run: it notes when the
 * policy acts on it (a refresh sent, the leg ended) against when the policy was due to act, and its peer
 * answers refreshes (200, on another thread, as a SIP thread would deliver it) unless the call is one whose
 * peer went silent.
 */
final class BenchLeg implements CallLeg {

    /** What both legs of one call share: whether the peer answers and whether the call has been ended. */
    static final class Call {
        final boolean answers;
        boolean ended;

        Call(boolean answers) {
            this.answers = answers;
        }
    }

    private final String callId;
    private final boolean inbound;
    private final Call call;
    private final Recorder recorder;
    private final Executor peerThread;
    private final long refreshAfterNanos;
    private final long expiryNanos;
    private BenchLeg peer;
    private volatile State state = State.CONFIRMED;
    /** When the policy last (re)armed this leg's timers: watched, or a refresh answered. */
    volatile long armedAt;

    BenchLeg(String callId, boolean inbound, Call call, Recorder recorder, Executor peerThread,
            long refreshAfterNanos, long expiryNanos) {
        this.callId = callId;
        this.inbound = inbound;
        this.call = call;
        this.recorder = recorder;
        this.peerThread = peerThread;
        this.refreshAfterNanos = refreshAfterNanos;
        this.expiryNanos = expiryNanos;
    }

    /** False for a call whose peer stopped answering refreshes. */
    boolean answers() {
        return call.answers;
    }

    static void link(BenchLeg a, BenchLeg b) {
        a.peer = b;
        b.peer = a;
    }

    @Override public String id() { return callId; }
    @Override public String callId() { return callId; }
    @Override public String application() { return "b2bua"; }
    @Override public boolean isInbound() { return inbound; }
    @Override public State state() { return state; }
    @Override public Optional<CallLeg> peer() { return Optional.ofNullable(peer); }

    @Override
    public void send(String method, Map<String, String> headers, String contentType, byte[] body,
            Consumer<SipMessage> onFinalResponse) {
        recorder.refresh(System.nanoTime() - (armedAt + refreshAfterNanos));
        if (call.answers) {
            peerThread.execute(() -> {
                armedAt = System.nanoTime();
                onFinalResponse.accept(new Ok(method, callId));
            });
        }
    }

    @Override
    public void end(int status, String text) {
        long now = System.nanoTime();
        boolean first;
        synchronized (call) {
            first = !call.ended;
            call.ended = true;
        }
        if (first) {
            // The policy ends the leg whose expiry fired first, then its peer.
            recorder.hangup(now - (armedAt + expiryNanos));
        }
        state = State.TERMINATED;
    }

    /** The peer's 200 to a refresh, without Session-Expires: the terms stay as they are. */
    private record Ok(String method, String callId) implements SipMessage {
        @Override public int status() { return 200; }
        @Override public String header(String name) { return null; }
        @Override public List<String> headers(String name) { return List.of(); }
        @Override public void setHeader(String name, String value) { }
        @Override public void addHeader(String name, String value) { }
        @Override public void removeHeader(String name) { }
        @Override public byte[] content() { return new byte[0]; }
        @Override public Optional<CallLeg> leg() { return Optional.empty(); }
    }
}
