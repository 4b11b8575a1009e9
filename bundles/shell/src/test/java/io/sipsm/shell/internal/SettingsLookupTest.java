package io.sipsm.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.config.SipKey;
import io.sipsm.config.TenantSummary;

class SettingsLookupTest {

    private final SettingsResolver resolver = mock(SettingsResolver.class);
    private final SettingsLookup lookup = new SettingsLookup(resolver);

    @Test
    void withoutOptionsShowsTheGlobalSettings() {
        EffectiveSettings global = Fixtures.global();
        when(resolver.global()).thenReturn(global);

        SettingsLookup.Result result = lookup.global();

        assertSame(global, result.effective());
        assertTrue(result.subject().startsWith("global settings"));
    }

    @Test
    void callAttributesAreResolvedAsANewCall() {
        EffectiveSettings acme = Fixtures.tenant("acme");
        when(resolver.resolve(new NewCall("acme.example.com", "192.0.2.7", null))).thenReturn(acme);

        SettingsLookup.Result result = lookup.forCall("acme.example.com", "192.0.2.7", null);

        assertSame(acme, result.effective());
        assertEquals("a new call with domain=acme.example.com, source=192.0.2.7, application=- gets tenant acme",
                result.subject());
    }

    @Test
    void callNoTenantMatchesSaysItGetsTheGlobalSettings() {
        when(resolver.resolve(new NewCall(null, null, "b2bua"))).thenReturn(Fixtures.global());

        assertTrue(lookup.forCall(null, null, "b2bua").subject().endsWith("gets the global settings (no tenant matches)"));
    }

    @Test
    void tenantIsResolvedThroughItsOwnSelector() {
        when(resolver.tenants()).thenReturn(List.of(summary("acme", "domain:acme.example.com")));
        EffectiveSettings acme = Fixtures.tenant("acme", SipKey.SEND_RETRY);
        when(resolver.resolve(new NewCall("acme.example.com", null, null))).thenReturn(acme);

        SettingsLookup.Result result = lookup.forTenant("acme");

        assertSame(acme, result.effective());
        assertEquals("tenant acme, as a call matching its selector domain:acme.example.com gets them", result.subject());
        assertTrue(result.notes().isEmpty());
    }

    @Test
    void selectorWonByAnotherTenantIsNotedAndTheNextOneUsed() {
        when(resolver.tenants()).thenReturn(List.of(
                summary("acme", "source:10.0.0.0/8", "domain:acme.example.com"),
                summary("carrier", "source:10.0.0.0/16")));
        when(resolver.resolve(new NewCall(null, "10.0.0.0", null))).thenReturn(Fixtures.tenant("carrier"));
        EffectiveSettings acme = Fixtures.tenant("acme");
        when(resolver.resolve(new NewCall("acme.example.com", null, null))).thenReturn(acme);

        SettingsLookup.Result result = lookup.forTenant("acme");

        assertSame(acme, result.effective());
        assertEquals(List.of("selector source:10.0.0.0/8 goes to tenant carrier, which wins on precedence"),
                result.notes());
    }

    @Test
    void tenantNoCallReachesIsAnErrorNamingTheWinners() {
        when(resolver.tenants()).thenReturn(List.of(summary("acme", "application:b2bua"), summary("aaa", "application:b2bua")));
        when(resolver.resolve(new NewCall(null, null, "b2bua"))).thenReturn(Fixtures.tenant("aaa"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lookup.forTenant("acme"));

        assertTrue(e.getMessage().contains("application:b2bua goes to tenant aaa"), e.getMessage());
    }

    @Test
    void unknownTenantListsTheKnownOnes() {
        when(resolver.tenants()).thenReturn(List.of(summary("acme", "domain:a"), summary("globex", "domain:g")));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lookup.forTenant("initech"));

        assertEquals("no tenant named 'initech'; tenants in force: acme, globex", e.getMessage());
    }

    @Test
    void unknownTenantWithNoTenantsSaysSo() {
        when(resolver.tenants()).thenReturn(List.of());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lookup.forTenant("acme"));

        assertEquals("no tenant named 'acme': no tenant is configured", e.getMessage());
    }

    private static TenantSummary summary(String name, String... selectors) {
        return new TenantSummary(name, "io.sipsm.sip.tenant~" + name, List.of(selectors), Set.of());
    }
}
