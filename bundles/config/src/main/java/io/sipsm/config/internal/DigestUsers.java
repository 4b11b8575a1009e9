package io.sipsm.config.internal;

import java.util.Collections;
import java.util.Dictionary;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.SipConfiguration;

/**
 * Who may call from an untrusted source: the digest users configured with the trusted sources, globally (PID
 * {@value SipConfiguration#GLOBAL_PID}) and per tenant. Keys: {@value #REALM} (default {@value #DEFAULT_REALM})
 * and one {@value #USER_PREFIX}{@code <name>} per user, valued {@code SHA-256:<hex HA1>,MD5:<hex HA1>} (either or
 * both). A tenant with users of its own has its own realm; one without uses the global users. Nobody configured:
 * no realm, and untrusted sources get 403 as before.
 *
 * <p>A refused entry (a bad HA1, an unknown algorithm) is named in one line, without its value (an HA1 is as
 * good as the password), and the user's last good entry stays, so one typo never locks everybody out.
 */
final class DigestUsers {

    static final String REALM = "auth.realm";
    static final String USER_PREFIX = "auth.user.";
    static final String DEFAULT_REALM = "sipsm";

    private static final Logger LOG = LoggerFactory.getLogger(DigestUsers.class);

    private volatile Optional<DigestRealm> global = Optional.empty();
    private volatile Map<String, DigestRealm> tenants = Map.of();
    private final Map<String, String> tenantNamesByPid = new LinkedHashMap<>();
    private final Map<String, DigestRealm> lastGoodByPid = new LinkedHashMap<>();
    private String globalRealmName = DEFAULT_REALM;

    synchronized void updateGlobal(Dictionary<String, ?> properties) {
        String name = realmName(SipConfiguration.GLOBAL_PID, properties, DEFAULT_REALM, globalRealmName);
        globalRealmName = name;
        Optional<DigestRealm> next = read(SipConfiguration.GLOBAL_PID, name, properties, global.orElse(null));
        next.ifPresent(r -> logIfChanged(SipConfiguration.GLOBAL_PID, global, r));
        global = next;
    }

    synchronized void updateTenant(String pid, Dictionary<String, ?> properties) {
        String tenant = TenantParser.name(pid, properties);
        DigestRealm previous = lastGoodByPid.get(pid);
        String name = realmName(pid, properties, globalRealmName, previous == null ? globalRealmName : previous.name());
        Optional<DigestRealm> realm = read(pid, name, properties, previous);
        Map<String, DigestRealm> next = new LinkedHashMap<>(tenants);
        String previousName = tenantNamesByPid.put(pid, tenant);
        if (previousName != null) {
            next.remove(previousName);
        }
        if (realm.isPresent()) {
            logIfChanged(pid, Optional.ofNullable(previous), realm.get());
            next.put(tenant, realm.get());
            lastGoodByPid.put(pid, realm.get());
        } else {
            lastGoodByPid.remove(pid);
        }
        tenants = Map.copyOf(next);
    }

    synchronized void removeTenant(String pid) {
        String name = tenantNamesByPid.remove(pid);
        lastGoodByPid.remove(pid);
        if (name != null) {
            Map<String, DigestRealm> next = new LinkedHashMap<>(tenants);
            next.remove(name);
            tenants = Map.copyOf(next);
        }
    }

    /** The realm a call of this tenant authenticates in, empty when nobody may authenticate. */
    Optional<DigestRealm> realm(Optional<String> tenant) {
        Optional<DigestRealm> own = tenant.map(tenants::get);
        return own.isPresent() ? own : global;
    }

    /** Whether a realm is one of those configured, globally or for a tenant. */
    boolean isOurs(String realm) {
        return global.filter(r -> r.name().equals(realm)).isPresent()
                || tenants.values().stream().anyMatch(r -> r.name().equals(realm));
    }

    Optional<DigestRealm> global() {
        return global;
    }

    Map<String, DigestRealm> tenants() {
        return tenants;
    }

    private static String realmName(String pid, Dictionary<String, ?> properties, String fallback, String lastGood) {
        Object raw = properties == null ? null : properties.get(REALM);
        String value = ValueText.of(raw).trim();
        if (value.isEmpty()) {
            return fallback;
        }
        // Quoted in every challenge: a quote, a backslash or a control character would break the header.
        if (!value.matches("[\\x21\\x23-\\x5b\\x5d-\\x7e ]{1,128}")) {
            LOG.error("{}: {}={} rejected: a realm is 1 to 128 printable characters without quotes or backslashes;"
                    + " keeping \"{}\"", pid, REALM, value, lastGood);
            return lastGood;
        }
        return value;
    }

    /** The users of the dictionary; a refused entry keeps that user's last good HA1s (or leaves the user out). */
    private static Optional<DigestRealm> read(String pid, String realm, Dictionary<String, ?> properties,
            DigestRealm lastGood) {
        if (properties == null) {
            return Optional.empty();
        }
        Map<String, Map<DigestAlgorithm, String>> users = new LinkedHashMap<>();
        for (String key : Collections.list(properties.keys())) {
            if (!key.startsWith(USER_PREFIX)) {
                continue;
            }
            String user = key.substring(USER_PREFIX.length());
            Optional<Map<DigestAlgorithm, String>> ha1 = user.isEmpty() ? Optional.empty()
                    : parseHa1(pid, key, ValueText.of(properties.get(key)));
            if (user.isEmpty()) {
                LOG.error("{}: {} rejected: the key names no user", pid, key);
            }
            if (ha1.isPresent()) {
                users.put(user, ha1.get());
            } else if (lastGood != null && lastGood.name().equals(realm) && lastGood.users().containsKey(user)) {
                users.put(user, lastGood.users().get(user));
            }
        }
        return users.isEmpty() ? Optional.empty() : Optional.of(new DigestRealm(realm, users));
    }

    private static Optional<Map<DigestAlgorithm, String>> parseHa1(String pid, String key, String value) {
        Map<DigestAlgorithm, String> ha1 = new EnumMap<>(DigestAlgorithm.class);
        for (String item : value.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int colon = item.indexOf(':');
            Optional<DigestAlgorithm> algorithm = colon < 0 ? Optional.empty()
                    : DigestAlgorithm.forToken(item.substring(0, colon));
            String hex = colon < 0 ? "" : item.substring(colon + 1).trim().toLowerCase(java.util.Locale.ROOT);
            if (algorithm.isEmpty() || hex.length() != algorithm.get().hexLength() || !hex.matches("[0-9a-f]+")) {
                // The value is an HA1, as good as a password: named, never printed.
                LOG.error("{}: {}=(hidden) rejected: expected SHA-256:<64 hex digits> and/or MD5:<32 hex digits>,"
                        + " the HA1 of user:realm:password; the user's previous entry stays", pid, key);
                return Optional.empty();
            }
            ha1.put(algorithm.get(), hex);
        }
        if (ha1.isEmpty()) {
            LOG.error("{}: {} rejected: no HA1 given; the user's previous entry stays", pid, key);
            return Optional.empty();
        }
        return Optional.of(ha1);
    }

    private static void logIfChanged(String pid, Optional<DigestRealm> before, DigestRealm after) {
        if (before.isEmpty() || !before.get().toString().equals(after.toString())) {
            LOG.info("{}: digest authentication for untrusted sources: {}", pid, after);
        }
    }
}
