package io.sipsm.sessiontimer.internal;

/**
 * A session-timer header that does not follow RFC 4028's grammar. Checked on purpose: every parse site must
 * decide what to answer (400 to a request) instead of letting the exception reach the host's log.
 */
final class MalformedHeaderException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedHeaderException(String message) {
        super(message, null, false, false);
    }
}
