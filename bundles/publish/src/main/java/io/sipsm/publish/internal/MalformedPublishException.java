package io.sipsm.publish.internal;

/**
 * A PUBLISH whose headers cannot be read; it is answered 400 with the message as reason phrase. Expected
 * traffic, not a fault: it never reaches the log with a stack trace.
 */
final class MalformedPublishException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedPublishException(String reason) {
        super(reason, null, false, false);
    }
}
