package io.sipsm.prack.internal;

import java.util.concurrent.atomic.LongAdder;

/** What the PRACK policy did since it started. */
final class PrackCounters {

    final LongAdder reliableSent = new LongAdder();
    final LongAdder pracksReceived = new LongAdder();
    final LongAdder prackTimeouts = new LongAdder();
    final LongAdder rejectedUnsupported = new LongAdder();

    void outcome(boolean acknowledged) {
        (acknowledged ? pracksReceived : prackTimeouts).increment();
    }
}
