package io.sipsm.prack.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.sipsm.host.PolicyCounters;

/** The PRACK policy's counters for commands that look across policies: the figures {@code sipsm:prack} shows. */
@Component(service = PolicyCounters.class)
public final class PrackFigures implements PolicyCounters {

    private final PrackCounters counters;

    @Activate
    public PrackFigures(@Reference PrackPolicy policy) {
        this.counters = policy.counters();
    }

    @Override
    public String policy() {
        return "prack";
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("reliable.sent", counters.reliableSent.sum());
        out.put("prack.received", counters.pracksReceived.sum());
        out.put("prack.timeout", counters.prackTimeouts.sum());
        out.put("rejected.420", counters.rejectedUnsupported.sum());
        return out;
    }
}
