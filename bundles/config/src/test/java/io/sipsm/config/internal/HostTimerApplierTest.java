package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sipsm.config.SipSettings;
import io.sipsm.host.TransactionTimers;

class HostTimerApplierTest {

    private final TransactionTimers host = mock(TransactionTimers.class);

    @Test
    void theHostGetsTheGlobalListCutToTheRetryCountAndItsT1() throws Exception {
        when(host.current()).thenReturn(TransactionTimers.Values.RFC3261);
        when(host.resendList()).thenReturn(List.of());
        HostTimerApplier applier = new HostTimerApplier();
        SipSettings settings = ResendMapperTest.settings("0.5,0.5,1,1,2,2,4,4,4,4", 6);

        applier.settingsChanged(ResendMapper.map(settings), settings.retransmissionWaits());
        applier.hostAvailable(host);

        List<Duration> waits = List.of(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2));
        verify(host).resendOn(waits);
        verify(host).apply(new TransactionTimers.Values(500, 2000, 5000, 32000));
        assertEquals(waits, settings.retransmissionWaits());
    }

    @Test
    void aHostRefusingTheListStillGetsItsTimers() throws Exception {
        when(host.current()).thenReturn(TransactionTimers.Values.RFC3261);
        when(host.resendList()).thenReturn(List.of());
        doThrow(new IllegalStateException("no container")).when(host).resendOn(any());
        HostTimerApplier applier = new HostTimerApplier();
        applier.hostAvailable(host);
        SipSettings settings = ResendMapperTest.settings("0.25,0.5", 2);

        applier.settingsChanged(ResendMapper.map(settings), settings.retransmissionWaits());

        verify(host).apply(new TransactionTimers.Values(250, 500, 5000, 32000));
    }

    @Test
    void anUnchangedListIsNotAppliedAgain() throws Exception {
        SipSettings settings = SipSettings.DEFAULTS;
        when(host.current()).thenReturn(TransactionTimers.Values.RFC3261);
        when(host.resendList()).thenReturn(settings.retransmissionWaits());
        HostTimerApplier applier = new HostTimerApplier();
        applier.hostAvailable(host);

        applier.settingsChanged(ResendMapper.map(settings), settings.retransmissionWaits());

        verify(host, never()).resendOn(any());
    }
}
