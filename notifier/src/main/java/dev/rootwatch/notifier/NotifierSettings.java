package dev.rootwatch.notifier;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.SinkSettings;
import dev.rootwatch.common.config.Settings;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The notifier's configuration, validated at start-up: its consumer group, its sinks and how hard
 * it tries them.
 *
 * <p>The sinks are, in this order: {@code console} when {@code notifier.console.enabled}, {@code file}
 * when {@code notifier.file.path} is given (both take every alert), then each entry of
 * {@code notifier.sinks}. Secrets are read here, once, from the environment or files.
 *
 * @param groupId        {@code notifier.groupId}
 * @param sinks          the sinks, at least one, names unique
 * @param deliveryPolicy {@code notifier.delivery.*} and {@code notifier.circuitBreaker.*}
 * @param drainTimeout   {@code notifier.drainTimeout}
 */
public record NotifierSettings(String groupId, List<SinkSpec> sinks, DeliveryPolicy deliveryPolicy, Duration drainTimeout) {

    public NotifierSettings {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(deliveryPolicy, "deliveryPolicy");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (drainTimeout.isNegative()) {
            throw new ConfigException(SinkSettings.NOTIFIER_DRAIN_TIMEOUT.key() + " must not be negative");
        }
        if (groupId.isBlank()) {
            throw new ConfigException(Settings.NOTIFIER_GROUP_ID.key() + " must not be empty");
        }
        sinks = List.copyOf(sinks);
        if (sinks.isEmpty()) {
            throw new ConfigException("no notifier sink is on: set " + Settings.NOTIFIER_CONSOLE_ENABLED.key()
                    + " to true, give " + Settings.NOTIFIER_FILE_PATH.key() + ", or list " + SinkSettings.NOTIFIER_SINKS.key());
        }
        Map<String, SinkSpec> byName = new LinkedHashMap<>();
        for (SinkSpec sink : sinks) {
            if (byName.put(sink.name(), sink) != null) {
                throw new ConfigException("sink name '" + sink.name() + "' is used twice; sink names must be unique"
                        + (sink.name().equals("console") || sink.name().equals("file")
                        ? " (" + Settings.NOTIFIER_CONSOLE_ENABLED.key() + " and " + Settings.NOTIFIER_FILE_PATH.key()
                        + " add sinks named console and file)" : ""));
            }
        }
    }

    /** Reads the notifier's settings, secrets from the process environment. */
    public static NotifierSettings from(Config config) {
        return from(config, System.getenv());
    }

    /** Reads the notifier's settings, secrets from {@code environment}. */
    public static NotifierSettings from(Config config, Map<String, String> environment) {
        List<SinkSpec> sinks = new ArrayList<>();
        if (config.get(Settings.NOTIFIER_CONSOLE_ENABLED)) {
            sinks.add(SinkSpec.console("console"));
        }
        String file = config.get(Settings.NOTIFIER_FILE_PATH);
        if (file != null && !file.isBlank()) {
            sinks.add(SinkSpec.file("file", Path.of(file.trim())));
        }
        List<SinkSettings.Sink> configured = config.get(SinkSettings.NOTIFIER_SINKS);
        for (int i = 0; i < configured.size(); i++) {
            sinks.add(SinkSpec.parse(configured.get(i), i, environment));
        }
        return new NotifierSettings(config.get(Settings.NOTIFIER_GROUP_ID), sinks, DeliveryPolicy.from(config),
                config.get(SinkSettings.NOTIFIER_DRAIN_TIMEOUT));
    }

    /** The sink named {@code name}. */
    public Optional<SinkSpec> sink(String name) {
        return sinks.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Opens the configured sinks, the console writing to {@link System#out}. */
    public List<AlertSink> createSinks() {
        return createSinks(System.out);
    }

    /** Opens the configured sinks, the console sinks writing to {@code console}; each is a {@link RoutedSink}. */
    public List<AlertSink> createSinks(PrintStream console) {
        return createSinks(console, HttpPost.newClient(), Clock.systemUTC());
    }

    List<AlertSink> createSinks(PrintStream console, HttpClient client, Clock clock) {
        SinkFactory factory = new SinkFactory(console, new HttpPost(client, clock), clock);
        List<AlertSink> opened = new ArrayList<>();
        try {
            for (SinkSpec spec : sinks) {
                opened.add(factory.create(spec));
            }
        } catch (RuntimeException e) {
            opened.forEach(AlertSink::close);
            throw e;
        }
        return List.copyOf(opened);
    }
}
