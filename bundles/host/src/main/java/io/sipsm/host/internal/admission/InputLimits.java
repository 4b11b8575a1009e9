package io.sipsm.host.internal.admission;

/**
 * The limits on what arrives in force, shared by the parser, the TCP listening point and the valves the stack
 * creates by class name (as {@link OverloadControl} is), with what they count.
 */
public final class InputLimits {

    public static final InputLimits INSTANCE = new InputLimits();

    private volatile LimitSettings settings = LimitSettings.DEFAULTS;
    private final SourceRates rates = new SourceRates(System::nanoTime);
    private final ConnectionCounts connections = new ConnectionCounts();

    public void configure(LimitSettings next) {
        settings = next;
    }

    public LimitSettings settings() {
        return settings;
    }

    public SourceRates rates() {
        return rates;
    }

    public ConnectionCounts connections() {
        return connections;
    }
}
