package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sipsm.config.SipKey;

class ProfileParserTest {

    @Test
    void absentOrBlankNamesNoPreset() throws Exception {
        assertSame(ProfileParser.Profile.NONE, ProfileParser.parse(null));
        assertSame(ProfileParser.Profile.NONE, ProfileParser.parse(""));
        assertSame(ProfileParser.Profile.NONE, ProfileParser.parse(" , "));
    }

    @Test
    void anOperationTypeSetsItsFourKeysTypedAndNamed() throws Exception {
        ProfileParser.Profile profile = ProfileParser.parse("call-center");
        Map<SipKey, String> preset = Presets.named("call-center").orElseThrow().values();
        assertEquals(preset.keySet(), profile.values().keySet());
        assertEquals(Integer.valueOf(preset.get(SipKey.SESSION_UPDATE_SEGMENT)),
                profile.values().get(SipKey.SESSION_UPDATE_SEGMENT));
        assertEquals(Boolean.valueOf(preset.get(SipKey.ENABLE_100REL)), profile.values().get(SipKey.ENABLE_100REL));
        profile.presetNames().values().forEach(name -> assertEquals("call-center", name));
    }

    @Test
    void oneOfEachKindCombineInEitherOrderAndAsAnArray() throws Exception {
        ProfileParser.Profile commaFirst = ProfileParser.parse("prepaid-retail, unstable-networks");
        ProfileParser.Profile deploymentFirst = ProfileParser.parse("unstable-networks,prepaid-retail");
        ProfileParser.Profile array = ProfileParser.parse(new String[] {"prepaid-retail", "unstable-networks"});
        assertEquals(commaFirst, deploymentFirst);
        assertEquals(commaFirst, array);
        assertEquals(5, commaFirst.values().size());
        assertEquals("unstable-networks", commaFirst.presetNames().get(SipKey.RESEND_INTERVAL));
        assertEquals("prepaid-retail", commaFirst.presetNames().get(SipKey.SESSION_TIMEOUT_EARLY_HANGUP));
        assertEquals(Duration.ofSeconds(8), ((List<?>) commaFirst.values().get(SipKey.RESEND_INTERVAL)).get(9));
    }

    @Test
    void anUnknownNameIsRefusedNamingKeyValueAndTheNamesThereAre() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ProfileParser.parse("call-centre,standard"));
        assertEquals("tenant.profile", e.key());
        assertEquals("call-centre,standard", e.value());
        assertEquals("unknown preset 'call-centre'; operation types: call-center, enterprise-pbx, prepaid-retail,"
                + " residential, wholesale-termination; deployment types: aggressive-retry, fast-failover,"
                + " high-reliability, standard, unstable-networks", e.reason());
    }

    @Test
    void twoOfOneKindAreRefused() {
        InvalidSettingException operations = assertThrows(InvalidSettingException.class,
                () -> ProfileParser.parse("residential,call-center"));
        assertEquals("names two operation types (residential, call-center); give at most one operation type and"
                + " one deployment type", operations.reason());
        InvalidSettingException deployments = assertThrows(InvalidSettingException.class,
                () -> ProfileParser.parse("standard, aggressive-retry"));
        assertEquals("tenant.profile", deployments.key());
        InvalidSettingException twice = assertThrows(InvalidSettingException.class,
                () -> ProfileParser.parse("standard,standard"));
        assertEquals("tenant.profile", twice.key());
    }
}
