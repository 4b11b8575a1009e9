package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.sipsm.config.SipKey;
import io.sipsm.config.SipSettings;

/** The metatype shown by {@code config:meta} must tell the truth about the defaults and the key names. */
class MetatypeDefaultsTest {

    @Test
    void globalMetatypeDefaultsAreTheBuiltInDefaults() throws Exception {
        for (SipKey key : SipKey.values()) {
            Method method = GlobalSettingsDefinition.class.getDeclaredMethod(methodName(key));
            Object metatypeDefault = method.getDefaultValue();
            assertEquals(SipSettings.DEFAULTS, SettingsMerger.global(SettingsLayer.of(
                    java.util.Map.of(key, KeyRules.parse(key, metatypeDefault)))).settings(), key.toString());
            assertEquals(SipSettings.DEFAULTS.text(key), String.valueOf(metatypeDefault), key.toString());
        }
    }

    @Test
    void bothMetatypesListEveryKeyAndNothingElse() {
        Set<String> expected = Arrays.stream(SipKey.values()).map(MetatypeDefaultsTest::methodName)
                .collect(Collectors.toSet());
        Set<String> global = methods(GlobalSettingsDefinition.class);
        global.remove("trusted_sources");
        global.remove("auth_realm");
        global.remove("tenant_profile");
        assertEquals(expected, global);
        Set<String> tenant = methods(TenantSettingsDefinition.class);
        tenant.remove("tenant_name");
        tenant.remove("tenant_selector");
        tenant.remove("tenant_profile");
        tenant.remove("trusted_sources");
        tenant.remove("auth_realm");
        assertEquals(expected, tenant);
    }

    @Test
    void theTrustedSourcesDefaultIsTheBuiltInOne() throws Exception {
        Object metatypeDefault = GlobalSettingsDefinition.class.getDeclaredMethod("trusted_sources").getDefaultValue();
        CallerTrust trust = new CallerTrust();
        trust.updateGlobal(Dictionaries.of(CallerTrust.KEY, metatypeDefault));
        assertEquals(CallerTrust.DEFAULT, trust.global());
    }

    @Test
    void tenantMetatypeDefaultsInherit() throws Exception {
        for (Method method : TenantSettingsDefinition.class.getDeclaredMethods()) {
            assertEquals("", method.getDefaultValue(), method.getName());
        }
    }

    /** DS/metatype naming: a double underscore in the method name is one underscore in the property. */
    private static String methodName(SipKey key) {
        return key.propertyName().replace("_", "__");
    }

    private static Set<String> methods(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods()).map(Method::getName).collect(Collectors.toSet());
    }
}
