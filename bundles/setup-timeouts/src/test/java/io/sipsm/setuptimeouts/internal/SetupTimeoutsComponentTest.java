package io.sipsm.setuptimeouts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sipsm.config.SettingsResolver;
import io.sipsm.config.SipSettings;
import io.sipsm.host.PolicyScheduler;
import io.sipsm.host.SipMessageInterceptor.Disposition;
import io.sipsm.host.testing.ManualScheduler;
import io.sipsm.host.testing.MemoryPolicyState;
import io.sipsm.setuptimeouts.internal.Fixtures.Leg;

class SetupTimeoutsComponentTest {

    @Test
    void observesWithoutConsumingAndStopsCleanly() {
        SettingsResolver resolver = mock(SettingsResolver.class);
        when(resolver.resolve(any())).thenReturn(Fixtures.effective(Fixtures.settings(10, 20, 120, 5), 500));
        when(resolver.global()).thenReturn(Fixtures.effective(SipSettings.DEFAULTS, 500));
        ManualScheduler scheduler = new ManualScheduler();
        SetupTimeoutsComponent component = new SetupTimeoutsComponent(resolver, (PolicyScheduler) scheduler,
                new MemoryPolicyState());
        Leg caller = new Leg("caller", true, null);
        Leg gateway = new Leg("leg-1", false, caller.leg);

        assertEquals(Disposition.PASS, component.incomingRequest(Fixtures.initialInvite("caller")));
        component.outgoingRequest(Fixtures.outgoingInvite(gateway.leg, null));
        assertEquals(Disposition.PASS, component.incomingResponse(Fixtures.response(180, gateway.leg)));
        component.outgoingResponse(Fixtures.response(180, caller.leg));
        assertEquals(1, component.activeCalls());
        assertEquals(1.0, component.metrics().stream().filter(m -> m.name().equals("sipsm_setup_calls_followed"))
                .findFirst().orElseThrow().value());

        scheduler.advance(Duration.ofSeconds(5));
        assertEquals(List.of(480), caller.ended);
        assertEquals(1L, component.endCounts().get(EndReason.EARLY_HANGUP));

        component.deactivate();
        assertEquals(0, component.activeCalls());
        assertEquals(0, scheduler.queued());
        assertEquals(SetupTimeoutsComponent.CAPACITY, component.capacity());
    }
}
