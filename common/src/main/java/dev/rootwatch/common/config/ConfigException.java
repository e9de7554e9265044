package dev.rootwatch.common.config;

/** The configuration is wrong; the message says which key and why, and never holds a value of a secret. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
