package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.SipKey;
import io.sipsm.config.TenantSummary;
import io.sipsm.config.ValueSource;

class SettingsCatalogTest {

    private static final NewCall ACME_CALL = new NewCall("acme.example.com", "192.0.2.7", "b2bua");

    @Test
    void callNoTenantClaimsGetsTheGlobalSettings() throws Exception {
        SettingsCatalog catalog = SettingsCatalog.defaults().withTenant(tenant("acme", "domain:acme.example.com"));
        EffectiveSettings effective = catalog.resolve(new NewCall("other.example.com", "203.0.113.1", "b2bua"));
        assertEquals(Optional.empty(), effective.tenant());
        assertEquals(catalog.global(), effective);
    }

    @Test
    void unknownPartsOfACallMatchNothing() throws Exception {
        SettingsCatalog catalog = SettingsCatalog.defaults().withTenant(tenant("a", "domain:acme.example.com"))
                .withTenant(tenant("b", "source:0.0.0.0/0")).withTenant(tenant("c", "application:b2bua"));
        assertEquals(Optional.empty(), catalog.resolve(new NewCall(null, null, null)).tenant());
    }

    @Test
    void applicationBeatsDomainBeatsSource() throws Exception {
        SettingsCatalog catalog = SettingsCatalog.defaults()
                .withTenant(tenant("by-source", "source:192.0.2.0/24"))
                .withTenant(tenant("by-domain", "domain:acme.example.com"))
                .withTenant(tenant("by-app", "application:b2bua"));
        assertEquals(Optional.of("by-app"), catalog.resolve(ACME_CALL).tenant());
        assertEquals(Optional.of("by-domain"),
                catalog.resolve(new NewCall("ACME.example.com", "192.0.2.7", "other")).tenant());
        assertEquals(Optional.of("by-source"),
                catalog.resolve(new NewCall("x.example.com", "192.0.2.7", "other")).tenant());
    }

    @Test
    void narrowerSourceRangeWins() throws Exception {
        SettingsCatalog catalog = SettingsCatalog.defaults()
                .withTenant(tenant("wide", "source:192.0.0.0/8"))
                .withTenant(tenant("narrow", "source:192.0.2.0/28"))
                .withTenant(tenant("middle", "source:192.0.2.0/24"));
        assertEquals(Optional.of("narrow"), catalog.resolve(new NewCall(null, "192.0.2.7", null)).tenant());
        assertEquals(Optional.of("middle"), catalog.resolve(new NewCall(null, "192.0.2.77", null)).tenant());
        assertEquals(Optional.of("wide"), catalog.resolve(new NewCall(null, "192.9.9.9", null)).tenant());
    }

    @Test
    void equallyStrongMatchesGoToTheNameThatSortsFirstWhateverTheOrderOfEdits() throws Exception {
        SettingsCatalog oneWay = SettingsCatalog.defaults().withTenant(tenant("zeta", "domain:acme.example.com"))
                .withTenant(tenant("alpha", "domain:acme.example.com"));
        SettingsCatalog otherWay = SettingsCatalog.defaults().withTenant(tenant("alpha", "domain:acme.example.com"))
                .withTenant(tenant("zeta", "domain:acme.example.com"));
        assertEquals(Optional.of("alpha"), oneWay.resolve(ACME_CALL).tenant());
        assertEquals(Optional.of("alpha"), otherWay.resolve(ACME_CALL).tenant());
        assertEquals(List.of("tenants alpha and zeta both select domain:acme.example.com; alpha wins (name order)"),
                oneWay.shadowedSelectors());
    }

    @Test
    void aTenantMatchesByItsStrongestMatchingSelector() throws Exception {
        SettingsCatalog catalog = SettingsCatalog.defaults()
                .withTenant(tenant("multi", "source:192.0.2.0/24, application:b2bua"))
                .withTenant(tenant("domain", "domain:acme.example.com"));
        assertEquals(Optional.of("multi"), catalog.resolve(ACME_CALL).tenant());
        assertEquals(List.of("multi", "domain"), catalog.tenants().stream().map(TenantSummary::name).toList());
    }

    @Test
    void tenantInheritsGlobalEditsForKeysItLeavesOut() throws Exception {
        SettingsCatalog catalog = SettingsCatalog.defaults()
                .withTenant(tenant("acme", "domain:acme.example.com", "SS_SIP_TIMEOUT_RINGING", "60"))
                .withGlobal(SettingsMergerTest.layer("SS_SIP_SEND_RETRY", "3", "SS_SIP_TIMEOUT_RINGING", "90"));
        EffectiveSettings effective = catalog.resolve(ACME_CALL);
        assertEquals(3, effective.settings().sendRetry());
        assertEquals(60, effective.settings().ringingTimeout().toSeconds());
        assertEquals(ValueSource.GLOBAL, effective.source(SipKey.SEND_RETRY));
        assertEquals(ValueSource.tenant("acme"), effective.source(SipKey.TIMEOUT_RINGING));
        assertEquals(3, effective.resend().retransmissions());
    }

    @Test
    void twoConfigurationsMayNotShareATenantName() throws Exception {
        SettingsCatalog catalog = SettingsCatalog.defaults().withTenant(tenant("acme", "domain:a.example"));
        Tenant clash = TenantParser.parse("io.sipsm.sip.tenant~other",
                Dictionaries.of("tenant.name", "acme", "tenant.selector", "domain:b.example")).tenant();
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> catalog.withTenant(clash));
        assertEquals("tenant.name", e.key());
    }

    @Test
    void globalEditThatBreaksATenantsMixIsRefused() throws Exception {
        SettingsCatalog catalog = SettingsCatalog.defaults()
                .withTenant(tenant("acme", "domain:a.example", "SS_SIP_SESSION_MIN_SE", "600"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> catalog.withGlobal(SettingsMergerTest.layer("SS_SIP_SESSION_EXPIRES", "300")));
        assertEquals("is below SS_SIP_SESSION_MIN_SE=600 for tenant acme", e.reason());
    }

    @Test
    void removingATenantFallsBackToGlobal() throws Exception {
        SettingsCatalog catalog = SettingsCatalog.defaults().withTenant(tenant("acme", "domain:acme.example.com"))
                .withoutTenant("io.sipsm.sip.tenant~acme");
        assertEquals(Optional.empty(), catalog.resolve(ACME_CALL).tenant());
        assertEquals(List.of(), catalog.tenants());
    }

    static Tenant tenant(String name, String selector, Object... keysAndValues) throws InvalidSettingException {
        Object[] all = new Object[keysAndValues.length + 2];
        all[0] = "tenant.selector";
        all[1] = selector;
        System.arraycopy(keysAndValues, 0, all, 2, keysAndValues.length);
        return TenantParser.parse("io.sipsm.sip.tenant~" + name, Dictionaries.of(all)).tenant();
    }
}
