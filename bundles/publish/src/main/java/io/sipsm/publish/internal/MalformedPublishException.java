package io.sipsm.publish.internal;

/**
 * A PUBLISH whose headers cannot be read; it is answered with its status (400 unless said otherwise) and the
 * message as reason phrase. Expected traffic, not a fault: it never reaches the log with a stack trace.
 */
final class MalformedPublishException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    MalformedPublishException(String reason) {
        this(400, reason);
    }

    MalformedPublishException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** The status to answer with. */
    int status() {
        return status;
    }
}
