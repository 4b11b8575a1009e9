package io.sipsm.host.internal.container;

import java.lang.StackWalker.Option;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import io.sipsm.host.CallLeg;

/**
 * Which bundle asked the host to end a leg, for the call records' {@code endedBy}: the first class on the stack
 * outside the host's own adapter (and the JDK); the host itself when none is. Walked only when a leg is ended,
 * never per message.
 */
final class EndingBundles {

    private static final StackWalker WALKER = StackWalker.getInstance(Option.RETAIN_CLASS_REFERENCE);

    private EndingBundles() {
    }

    static String caller() {
        Class<?> caller = WALKER.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(type -> type != CallLeg.class
                        && !type.getPackageName().equals(EndingBundles.class.getPackageName())
                        // Optional.ifPresent, forEach ...: the lambda that called end is a frame further up.
                        && !type.getPackageName().startsWith("java."))
                .findFirst().orElse(EndingBundles.class));
        Bundle bundle = FrameworkUtil.getBundle(caller);
        if (bundle == null || caller.getPackageName().startsWith("io.sipsm.host.")) {
            bundle = FrameworkUtil.getBundle(EndingBundles.class);
        }
        return bundle == null ? "sipsm-host" : bundle.getSymbolicName();
    }
}
