package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DigestUsersTest {

    private static final String SHA = DigestAlgorithm.SHA_256.hex("alice:sipsm:secret");
    private static final String MD5 = DigestAlgorithm.MD5.hex("alice:sipsm:secret");

    private final DigestUsers users = new DigestUsers();

    @Test
    void nobodyConfiguredMeansNoRealm() {
        users.updateGlobal(Dictionaries.of("trusted.sources", "127.0.0.2"));
        assertTrue(users.realm(Optional.empty()).isEmpty());
        users.updateGlobal(null);
        assertTrue(users.realm(Optional.of("lab")).isEmpty());
    }

    @Test
    void usersWithTheirHa1sInTheDefaultOrAConfiguredRealm() {
        users.updateGlobal(Dictionaries.of("auth.user.alice", "SHA-256:" + SHA + ", md5:" + MD5.toUpperCase()));
        DigestRealm realm = users.realm(Optional.empty()).orElseThrow();
        assertEquals("sipsm", realm.name());
        assertEquals(Map.of(DigestAlgorithm.SHA_256, SHA, DigestAlgorithm.MD5, MD5), realm.users().get("alice"));
        users.updateGlobal(Dictionaries.of("auth.realm", "carrier.example", "auth.user.alice", "MD5:" + MD5));
        assertEquals("carrier.example", users.realm(Optional.empty()).orElseThrow().name());
        assertEquals(java.util.List.of(DigestAlgorithm.MD5), users.realm(Optional.empty()).orElseThrow().offered());
    }

    @Test
    void aRefusedEntryKeepsThatUsersLastGoodOneAndTheOthersApply() {
        users.updateGlobal(Dictionaries.of("auth.user.alice", "SHA-256:" + SHA, "auth.user.bob", "MD5:" + MD5));
        users.updateGlobal(Dictionaries.of("auth.user.alice", "SHA-256:tooshort", "auth.user.bob", "SHA-256:" + SHA,
                "auth.user.carol", "plaintext-password"));
        DigestRealm realm = users.realm(Optional.empty()).orElseThrow();
        assertEquals(Map.of(DigestAlgorithm.SHA_256, SHA), realm.users().get("alice"));
        assertEquals(Map.of(DigestAlgorithm.SHA_256, SHA), realm.users().get("bob"));
        assertTrue(!realm.users().containsKey("carol"));
        assertTrue(!realm.toString().contains(SHA), "an HA1 is never shown");
    }

    @Test
    void aBadRealmNameKeepsTheLastGood() {
        users.updateGlobal(Dictionaries.of("auth.realm", "a\"b", "auth.user.alice", "MD5:" + MD5));
        assertEquals("sipsm", users.realm(Optional.empty()).orElseThrow().name());
    }

    @Test
    void aTenantWithUsersHasItsOwnRealmOthersUseTheGlobalOne() {
        users.updateGlobal(Dictionaries.of("auth.user.alice", "MD5:" + MD5));
        String pid = "io.sipsm.sip.tenant~lab";
        users.updateTenant(pid, Dictionaries.of("tenant.selector", "source:10.0.0.0/8", "auth.realm", "lab",
                "auth.user.trunk1", "MD5:" + MD5));
        assertEquals("lab", users.realm(Optional.of("lab")).orElseThrow().name());
        assertEquals("sipsm", users.realm(Optional.of("other")).orElseThrow().name());
        users.removeTenant(pid);
        assertEquals("sipsm", users.realm(Optional.of("lab")).orElseThrow().name());
    }
}
