package io.sipsm.sessiontimer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionExpiresTest {

    @Test
    void readsIntervalAndRefresher() throws Exception {
        assertEquals(SessionExpires.of(Duration.ofSeconds(1800), Refresher.UAC), SessionExpires.parse("1800;refresher=uac"));
        assertEquals(SessionExpires.of(Duration.ofSeconds(90), Refresher.UAS), SessionExpires.parse(" 90 ; Refresher = UAS "));
        assertEquals(new SessionExpires(Duration.ofSeconds(120), Optional.empty()), SessionExpires.parse("120"));
    }

    @Test
    void ignoresOtherParameters() throws Exception {
        assertEquals(SessionExpires.of(Duration.ofSeconds(600), Refresher.UAS), SessionExpires.parse("600;x=1;refresher=uas;flag"));
    }

    @Test
    void acceptsUpTo32BitsAndRefusesLarger() throws Exception {
        assertEquals(Duration.ofSeconds(SessionExpires.MAX_DELTA_SECONDS), SessionExpires.parse("4294967295").interval());
        assertEquals(Duration.ofSeconds(90), SessionExpires.parse("00000000000090").interval());
        assertThrows(MalformedHeaderException.class, () -> SessionExpires.parse("4294967296"));
        assertThrows(MalformedHeaderException.class, () -> SessionExpires.parse("100000000000000000000"));
        assertThrows(MalformedHeaderException.class, () -> SessionExpires.parseMinSe("100000000000000000000"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "abc", "-90", "90.5", "+90", "90;refresher=both", "90;refresher", "90;;x",
            "90;refresher=uac;refresher=uas", "0x5A" })
    void refusesMalformedValues(String value) {
        assertThrows(MalformedHeaderException.class, () -> SessionExpires.parse(value));
    }

    @Test
    void formatsWithAndWithoutRefresher() {
        assertEquals("90;refresher=uas", SessionExpires.of(Duration.ofSeconds(90), Refresher.UAS).format());
        assertEquals("1800", new SessionExpires(Duration.ofSeconds(1800), Optional.empty()).format());
    }

    @Test
    void readsMinSeWithGenericParameters() throws Exception {
        assertEquals(Duration.ofSeconds(90), SessionExpires.parseMinSe("90"));
        assertEquals(Duration.ofSeconds(120), SessionExpires.parseMinSe("120;foo=bar"));
        assertThrows(MalformedHeaderException.class, () -> SessionExpires.parseMinSe("ninety"));
    }

    @Test
    void refresherRoleDependsOnWhoSentTheRequest() {
        assertEquals(true, Refresher.UAC.refreshesLocally(true));
        assertEquals(false, Refresher.UAC.refreshesLocally(false));
        assertEquals(true, Refresher.UAS.refreshesLocally(false));
        assertEquals(Refresher.UAS, Refresher.local(false));
    }
}
