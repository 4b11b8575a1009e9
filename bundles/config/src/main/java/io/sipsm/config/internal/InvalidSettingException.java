package io.sipsm.config.internal;

/** A configuration value that cannot be used, naming the key, the value as received and why. */
final class InvalidSettingException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;
    private final String reason;

    InvalidSettingException(String key, Object value, String reason) {
        super(key + "=" + ValueText.of(value) + " rejected: " + reason);
        this.key = key;
        this.value = ValueText.of(value);
        this.reason = reason;
    }

    String key() {
        return key;
    }

    String value() {
        return value;
    }

    String reason() {
        return reason;
    }
}
