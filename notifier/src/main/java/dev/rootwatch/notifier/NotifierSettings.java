package dev.rootwatch.notifier;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.Settings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The notifier's configuration: its consumer group and which sinks are on.
 *
 * @param groupId        {@code notifier.groupId}
 * @param consoleEnabled {@code notifier.console.enabled}: one line per alert on standard output
 * @param filePath       {@code notifier.file.path}: the JSON Lines file, or null when off
 */
public record NotifierSettings(String groupId, boolean consoleEnabled, Path filePath) {

    public NotifierSettings {
        Objects.requireNonNull(groupId, "groupId");
        if (groupId.isBlank()) {
            throw new ConfigException(Settings.NOTIFIER_GROUP_ID.key() + " must not be empty");
        }
        if (!consoleEnabled && filePath == null) {
            throw new ConfigException("no notifier sink is on: set " + Settings.NOTIFIER_CONSOLE_ENABLED.key()
                    + " to true or give " + Settings.NOTIFIER_FILE_PATH.key());
        }
    }

    /** Reads the notifier's settings from validated configuration. */
    public static NotifierSettings from(Config config) {
        String file = config.get(Settings.NOTIFIER_FILE_PATH);
        return new NotifierSettings(
                config.get(Settings.NOTIFIER_GROUP_ID),
                config.get(Settings.NOTIFIER_CONSOLE_ENABLED),
                file == null || file.isBlank() ? null : Path.of(file.trim()));
    }

    /** Opens the configured sinks: the console on {@link System#out}, then the file. */
    public List<AlertSink> createSinks() {
        return createSinks(System.out);
    }

    /** Opens the configured sinks, the console sink writing to {@code console}. */
    public List<AlertSink> createSinks(PrintStream console) {
        List<AlertSink> sinks = new ArrayList<>();
        if (consoleEnabled) {
            sinks.add(new ConsoleSink(console));
        }
        if (filePath != null) {
            sinks.add(new JsonLinesFileSink(filePath));
        }
        return List.copyOf(sinks);
    }
}
