package io.sipsm.publish.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PublishSettingsTest {

    @Test
    void defaultsLetNobodyPublish() {
        PublishSettings settings = PublishSettings.from(new TestConfig(new String[0], 60));
        assertFalse(settings.allows("127.0.0.1"));
        assertEquals(Duration.ofSeconds(60), settings.minExpires());
        assertEquals("allowed.sources=(nobody), min.expires=60", settings.toString());
    }

    @Test
    void entriesMaySeparateByComma() {
        PublishSettings settings = PublishSettings.from(TestConfig.allowing("192.0.2.10, 198.51.100.0/24", "::1"));
        assertTrue(settings.allows("192.0.2.10"));
        assertTrue(settings.allows("198.51.100.77"));
        assertTrue(settings.allows("0:0:0:0:0:0:0:1"));
        assertFalse(settings.allows("127.0.0.1"));
    }

    @Test
    void invalidSourceNamesKeyValueAndReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PublishSettings.from(TestConfig.allowing("192.0.2.10", "gw.example.net")));
        assertEquals("Invalid io.sipsm.publish configuration: allowed.sources = 'gw.example.net':"
                + " not an IPv4 or IPv6 address or address/prefix-length range", e.getMessage());
    }

    @Test
    void minimumExpiresOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PublishSettings.from(TestConfig.allowing().withMinExpires(0)));
        assertTrue(e.getMessage().contains("min.expires = '0'"), e.getMessage());
    }

    @Test
    void openingPublishToEveryoneIsWarnedOf() {
        assertEquals(java.util.Optional.empty(),
                PublishSettings.from(TestConfig.allowing("192.0.2.0/24", "::1")).openToEveryone());
        String warning = PublishSettings.from(TestConfig.allowing("192.0.2.10", "0.0.0.0/0")).openToEveryone()
                .orElseThrow();
        assertEquals("io.sipsm.publish: allowed.sources 0.0.0.0/0 lets any source address publish and mark gateways "
                + "available or unavailable; list the gateways' addresses unless that is meant", warning);
        assertTrue(PublishSettings.from(TestConfig.allowing("::/0")).openToEveryone().isPresent());
    }
}
