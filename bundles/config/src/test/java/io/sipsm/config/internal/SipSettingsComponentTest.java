package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Dictionary;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedService;
import org.osgi.service.cm.ManagedServiceFactory;

import io.sipsm.config.NewCall;
import io.sipsm.host.TransactionTimers;

class SipSettingsComponentTest {

    private final BundleContext context = mock(BundleContext.class);
    private final ServiceRegistration<ManagedService> globalRegistration = registration();
    private final ServiceRegistration<ManagedServiceFactory> tenantRegistration = registration();
    private final ServiceRegistration<?> interceptorRegistration = registration();
    private final TransactionTimers host = mock(TransactionTimers.class);
    private SipSettingsComponent component;
    private ManagedService global;
    private ManagedServiceFactory tenants;

    @BeforeEach
    void activate() throws Exception {
        ArgumentCaptor<ManagedService> globalCaptor = ArgumentCaptor.forClass(ManagedService.class);
        ArgumentCaptor<ManagedServiceFactory> tenantCaptor = ArgumentCaptor.forClass(ManagedServiceFactory.class);
        when(context.registerService(eq(ManagedService.class), globalCaptor.capture(), any()))
                .thenReturn(globalRegistration);
        when(context.registerService(eq(ManagedServiceFactory.class), tenantCaptor.capture(), any()))
                .thenReturn(tenantRegistration);
        org.mockito.Mockito.doReturn(interceptorRegistration).when(context)
                .registerService(any(String[].class), any(), any());
        when(host.current()).thenReturn(TransactionTimers.Values.RFC3261);
        component = new SipSettingsComponent(context);
        global = globalCaptor.getValue();
        tenants = tenantCaptor.getValue();
    }

    @Test
    void registersForBothPids() {
        ArgumentCaptor<Dictionary<String, ?>> properties = ArgumentCaptor.forClass(Dictionary.class);
        verify(context).registerService(eq(ManagedService.class), any(ManagedService.class), properties.capture());
        assertEquals("io.sipsm.sip", properties.getValue().get("service.pid"));
        verify(context).registerService(eq(ManagedServiceFactory.class), any(ManagedServiceFactory.class),
                properties.capture());
        assertEquals("io.sipsm.sip.tenant", properties.getValue().get("service.pid"));
    }

    @Test
    void hostThatAppearsGetsTheCurrentMappingOnlyIfItDiffers() throws Exception {
        component.bindTransactionTimers(host);
        verify(host, never()).apply(any());
        global.updated(Dictionaries.of("SS_SIP_RESEND_INTERVAL", "0.25,0.5,1,2,2"));

        TransactionTimers later = mock(TransactionTimers.class);
        when(later.current()).thenReturn(TransactionTimers.Values.RFC3261);
        component.bindTransactionTimers(later);
        verify(later).apply(new TransactionTimers.Values(250, 2000, 5000, 32_000));
    }

    @Test
    void globalChangeIsAppliedToTheHostAndABadOneIsNot() throws Exception {
        component.bindTransactionTimers(host);
        global.updated(Dictionaries.of("SS_SIP_RESEND_INTERVAL", "1,2,4,8"));
        verify(host).apply(new TransactionTimers.Values(1000, 8000, 5000, 32_000));

        global.updated(Dictionaries.of("SS_SIP_RESEND_INTERVAL", "0"));
        verify(host).apply(any());
        assertEquals("SS_SIP_RESEND_INTERVAL", component.lastRejection().orElseThrow().key());
        assertEquals(1000, component.global().resend().t1Millis());
    }

    @Test
    void goneHostIsLeftAlone() throws Exception {
        component.bindTransactionTimers(host);
        component.unbindTransactionTimers(host);
        global.updated(Dictionaries.of("SS_SIP_RESEND_INTERVAL", "1,2,4,8"));
        verify(host, never()).apply(any());
    }

    @Test
    void hostRefusingTimersDoesNotBreakConfiguration() throws Exception {
        when(host.current()).thenThrow(new IllegalStateException("stopping"));
        component.bindTransactionTimers(host);
        global.updated(Dictionaries.of("SS_SIP_SEND_RETRY", "3"));
        assertEquals(3, component.global().settings().sendRetry());
    }

    @Test
    void tenantsArriveThroughTheFactory() throws Exception {
        tenants.updated("io.sipsm.sip.tenant~acme", Dictionaries.of("tenant.selector", "application:b2bua"));
        assertEquals("acme", component.resolve(new NewCall(null, null, "b2bua")).tenant().orElseThrow());
        assertEquals(1, component.tenants().size());
        tenants.deleted("io.sipsm.sip.tenant~acme");
        assertEquals(0, component.tenants().size());
    }

    @Test
    void deactivationUnregistersBoth() {
        component.deactivate();
        verify(globalRegistration).unregister();
        verify(tenantRegistration).unregister();
        verify(interceptorRegistration).unregister();
    }

    @Test
    void theCallerCheckComesBeforeEveryOtherInterceptor() {
        ArgumentCaptor<Dictionary<String, ?>> properties = ArgumentCaptor.forClass(Dictionary.class);
        ArgumentCaptor<String[]> names = ArgumentCaptor.forClass(String[].class);
        verify(context).registerService(names.capture(), any(CallerAdmission.class), properties.capture());
        assertEquals(java.util.List.of("io.sipsm.host.SipMessageInterceptor", CallerAdmission.class.getName()),
                java.util.List.of(names.getValue()));
        assertEquals(CallerAdmission.RANKING, properties.getValue().get("service.ranking"));
    }

    @SuppressWarnings("unchecked")
    private static <T> ServiceRegistration<T> registration() {
        return mock(ServiceRegistration.class);
    }
}
