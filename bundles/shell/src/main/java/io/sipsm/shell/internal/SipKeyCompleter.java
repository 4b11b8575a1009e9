package io.sipsm.shell.internal;

import java.util.Arrays;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.sipsm.config.SipKey;

/** Completes the SS_SIP_* property names, for the key argument of {@code sipsm:validate}. */
@Service
public class SipKeyCompleter implements Completer {

    private final StringsCompleter keys =
            new StringsCompleter(Arrays.stream(SipKey.values()).map(SipKey::propertyName).toList());

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return keys.complete(session, commandLine, candidates);
    }
}
