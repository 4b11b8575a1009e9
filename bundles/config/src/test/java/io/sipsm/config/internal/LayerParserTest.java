package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.sipsm.config.SipKey;

class LayerParserTest {

    @Test
    void readsOnlyTheKeysGivenAndIgnoresFrameworkProperties() throws Exception {
        LayerParser.Parsed parsed = LayerParser.parse(Dictionaries.of("SS_SIP_SEND_RETRY", "5",
                "SS_SIP_ENABLE_100REL", true, "service.pid", "io.sipsm.sip",
                "felix.fileinstall.filename", "file:/etc/io.sipsm.sip.cfg"), false);
        assertEquals(Set.of(SipKey.SEND_RETRY, SipKey.ENABLE_100REL), parsed.layer().keys());
        assertEquals(Optional.of(5), parsed.layer().get(SipKey.SEND_RETRY));
        assertEquals(List.of(), parsed.warnings());
    }

    @Test
    void nullDictionaryMeansNothingConfigured() throws Exception {
        assertEquals(SettingsLayer.EMPTY, LayerParser.parse(null, false).layer());
    }

    @Test
    void keysMatchWithoutCaseAsConfigAdminDoes() throws Exception {
        LayerParser.Parsed parsed = LayerParser.parse(Dictionaries.of("ss_sip_timeout_invite", "15"), false);
        assertEquals(Optional.of(Duration.ofSeconds(15)), parsed.layer().get(SipKey.TIMEOUT_INVITE));
    }

    @Test
    void misspeltKeyIsAWarningNotARejection() throws Exception {
        LayerParser.Parsed parsed = LayerParser.parse(Dictionaries.of("SS_SIP_RESEND_INTERVALS", "1"), false);
        assertEquals(List.of("unknown key SS_SIP_RESEND_INTERVALS ignored"), parsed.warnings());
        assertTrue(parsed.layer().keys().isEmpty());
    }

    @Test
    void oneBadValueRejectsTheWholeDictionary() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> LayerParser.parse(
                Dictionaries.of("SS_SIP_SEND_RETRY", "3", "SS_SIP_TIMEOUT_RINGING", "abc"), false));
        assertEquals("SS_SIP_TIMEOUT_RINGING", e.key());
        assertEquals("abc", e.value());
    }

    @Test
    void emptyValueIsAnErrorGloballyButInheritsInATenant() throws Exception {
        assertThrows(InvalidSettingException.class,
                () -> LayerParser.parse(Dictionaries.of("SS_SIP_RESEND_INTERVAL", ""), false));
        assertTrue(LayerParser.parse(Dictionaries.of("SS_SIP_RESEND_INTERVAL", ""), true).layer().keys().isEmpty());
    }
}
