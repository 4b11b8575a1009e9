package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sipsm.config.SipKey;

class TenantParserTest {

    private static final String PID = "io.sipsm.sip.tenant~acme";

    @Test
    void readsNameSelectorsAndOverrides() throws Exception {
        Tenant tenant = TenantParser.parse(PID, Dictionaries.of("tenant.name", "Acme Corp",
                "tenant.selector", "domain:Acme.Example.com., source:192.0.2.0/24", "SS_SIP_SEND_RETRY", "4",
                "SS_SIP_TIMEOUT_INVITE", "")).tenant();
        assertEquals("Acme Corp", tenant.name());
        assertEquals(PID, tenant.pid());
        assertEquals(List.of("domain:acme.example.com", "source:192.0.2.0/24"),
                tenant.selectors().stream().map(TenantSelector::toString).toList());
        assertEquals(Set.of(SipKey.SEND_RETRY), tenant.layer().keys());
    }

    @Test
    void selectorsMayComeAsAnArray() throws Exception {
        Tenant tenant = TenantParser.parse(PID, Dictionaries.of("tenant.selector",
                new String[] {"application:b2bua", "domain:acme.example.com"})).tenant();
        assertEquals(2, tenant.selectors().size());
    }

    @Test
    void nameDefaultsToTheFactoryConfigurationName() {
        assertEquals("acme", TenantParser.name(PID, Dictionaries.of()));
        assertEquals("globex", TenantParser.name("io.sipsm.sip.tenant.4f6c-aa", Dictionaries.of(
                "felix.fileinstall.filename", "file:/opt/karaf/etc/io.sipsm.sip.tenant-globex.cfg")));
        assertEquals("io.sipsm.sip.tenant.4f6c-aa", TenantParser.name("io.sipsm.sip.tenant.4f6c-aa",
                Dictionaries.of()));
        assertEquals("acme", TenantParser.name(PID, Dictionaries.of("tenant.name", " ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " , ", "   "})
    void tenantWithoutSelectorIsRejected(String selector) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> TenantParser.parse(PID, Dictionaries.of("tenant.selector", selector)));
        assertEquals("tenant.selector", e.key());
        assertTrue(e.reason().startsWith("a tenant needs at least one selector"), e.reason());
    }

    @Test
    void tenantWithoutSelectorPropertyIsRejected() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> TenantParser.parse(PID, Dictionaries.of("SS_SIP_SEND_RETRY", "3")));
        assertEquals("tenant.selector", e.key());
    }

    @Test
    void unknownSelectorKindIsRejected() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> TenantParser.parse(PID, Dictionaries.of("tenant.selector", "domain:a.example, trunk:7")));
        assertEquals("tenant.selector", e.key());
        assertEquals("trunk:7", e.value());
        assertEquals("unknown selector kind 'trunk'; use application:, domain: or source:", e.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme.example.com", "domain:", "source:", "application:  ", "source:acme.example.com",
        "source:10.0.0.0/40"})
    void malformedSelectorsAreRejected(String selector) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> TenantParser.parse(PID, Dictionaries.of("tenant.selector", selector)));
        assertEquals("tenant.selector", e.key());
    }

    @Test
    void badKeyValueInATenantIsRejectedLikeAGlobalOne() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> TenantParser.parse(PID,
                Dictionaries.of("tenant.selector", "domain:a.example", "SS_SIP_RESEND_INTERVAL", "0.5,abc")));
        assertEquals("SS_SIP_RESEND_INTERVAL", e.key());
    }
}
