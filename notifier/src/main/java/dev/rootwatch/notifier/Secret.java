package dev.rootwatch.notifier;

import dev.rootwatch.common.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A webhook URL, routing key, HMAC key or token, read once at start-up from an environment variable
 * or a file. Its {@link #toString()} names only where it came from, so a secret cannot reach a log
 * line, a metric or an exception message by accident; {@link #reveal()} is for the sink that sends it.
 */
public final class Secret {

    private final String value;
    private final String origin;

    private Secret(String value, String origin) {
        this.value = value;
        this.origin = origin;
    }

    /** A secret given directly, for tests and {@code notify-test}. */
    public static Secret of(String value, String origin) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("secret from " + origin + " is empty");
        }
        return new Secret(value.strip(), Objects.requireNonNull(origin, "origin"));
    }

    /** Reads the value of environment variable {@code variable}; the error names the sink, never a value. */
    static Secret fromEnvironment(String variable, Map<String, String> environment, String sink) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw new ConfigException("sink '" + sink + "': environment variable " + variable + " (its secretEnv) is not set or empty");
        }
        return new Secret(value.strip(), "environment variable " + variable);
    }

    /** Reads file {@code file}, without surrounding whitespace; the error names the sink and file, never a value. */
    static Secret fromFile(Path file, String sink) {
        String value;
        try {
            value = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("sink '" + sink + "': cannot read its secretFile " + file + ": " + e.getClass().getSimpleName());
        }
        if (value.isBlank()) {
            throw new ConfigException("sink '" + sink + "': its secretFile " + file + " is empty");
        }
        return new Secret(value.strip(), "file " + file);
    }

    /** The secret itself: only for the request that carries it. */
    public String reveal() {
        return value;
    }

    /** Where the secret was read from, e.g. {@code environment variable SLACK_WEBHOOK_URL}. */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "Secret[" + origin + "]";
    }
}
