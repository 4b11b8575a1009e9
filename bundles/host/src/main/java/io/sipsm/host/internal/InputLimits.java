package io.sipsm.host.internal;

/**
 * The limits on what arrives in force, shared by the parser, the TCP listening point and the valves the stack
 * creates by class name (as {@link OverloadControl} is), with what they count.
 */
final class InputLimits {

    static final InputLimits INSTANCE = new InputLimits();

    private volatile LimitSettings settings = LimitSettings.DEFAULTS;
    private final SourceRates rates = new SourceRates(System::nanoTime);
    private final ConnectionCounts connections = new ConnectionCounts();

    void configure(LimitSettings next) {
        settings = next;
    }

    LimitSettings settings() {
        return settings;
    }

    SourceRates rates() {
        return rates;
    }

    ConnectionCounts connections() {
        return connections;
    }
}
