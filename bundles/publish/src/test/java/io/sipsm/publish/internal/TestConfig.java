package io.sipsm.publish.internal;

import java.lang.annotation.Annotation;

/** A {@link PublishConfig} built in code, as Declarative Services would build it from a configuration. */
record TestConfig(String[] allowed_sources, int min_expires) implements PublishConfig {

    static TestConfig allowing(String... sources) {
        return new TestConfig(sources, 60);
    }

    TestConfig withMinExpires(int seconds) {
        return new TestConfig(allowed_sources, seconds);
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return PublishConfig.class;
    }
}
