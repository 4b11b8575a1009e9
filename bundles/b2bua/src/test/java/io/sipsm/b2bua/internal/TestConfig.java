package io.sipsm.b2bua.internal;

import java.lang.annotation.Annotation;

/** A {@link B2buaConfig} built in code, as Declarative Services would build it from a configuration. */
record TestConfig(String[] gateways, String failover_statuses, int user_strip, String user_prefix)
        implements B2buaConfig {

    static TestConfig defaults() {
        return new TestConfig(new String[] {"127.0.0.1:5070"}, "408,500-599,600-602,604-699", 0, "");
    }

    TestConfig withGateways(String... list) {
        return new TestConfig(list, failover_statuses, user_strip, user_prefix);
    }

    TestConfig withFailoverStatuses(String statuses) {
        return new TestConfig(gateways, statuses, user_strip, user_prefix);
    }

    TestConfig withUser(int strip, String prefix) {
        return new TestConfig(gateways, failover_statuses, strip, prefix);
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return B2buaConfig.class;
    }
}
