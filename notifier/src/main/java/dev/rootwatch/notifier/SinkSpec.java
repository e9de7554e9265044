package dev.rootwatch.notifier;

import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.SinkSettings;
import dev.rootwatch.common.config.ValueParsers;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import dev.rootwatch.common.text.LogSafe;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One validated sink: what it is, where it delivers, which alerts it gets. Built at start-up from a
 * {@code notifier.sinks} entry (or from {@code notifier.console.enabled} / {@code notifier.file.path});
 * every problem is a {@link ConfigException} that names the sink and the field, never a secret.
 *
 * @param name               unique name (metrics label, dead letter source)
 * @param type               what kind of receiver
 * @param url                the receiver's URL; null for Slack and Teams, whose URL is their secret
 * @param path               the file of a file sink, else null
 * @param secret             routing key, webhook URL, HMAC key or token, or null
 * @param route              which alerts it gets
 * @param timeout            longest wait for one call
 * @param rateLimitPerSecond most calls per second, or null for no limit
 * @param linkUrl            a link added to each message, or null
 */
public record SinkSpec(String name, SinkType type, URI url, Path path, Secret secret, Route route, Duration timeout,
                       Double rateLimitPerSecond, URI linkUrl) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    public SinkSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String toString() {
        return "SinkSpec[name=" + name + ", type=" + type.wireName() + (url == null ? "" : ", url=" + url)
                + (path == null ? "" : ", path=" + path) + (secret == null ? "" : ", secret=" + secret) + ", route=" + route
                + ", timeout=" + timeout + ", rateLimitPerSecond=" + rateLimitPerSecond + "]";
    }

    /** The implicit console sink of {@code notifier.console.enabled}. */
    public static SinkSpec console(String name) {
        return new SinkSpec(name, SinkType.CONSOLE, null, null, null, Route.all(), DEFAULT_TIMEOUT, null, null);
    }

    /** The implicit file sink of {@code notifier.file.path}. */
    public static SinkSpec file(String name, Path path) {
        return new SinkSpec(name, SinkType.FILE, null, Objects.requireNonNull(path, "path"), null, Route.all(),
                DEFAULT_TIMEOUT, null, null);
    }

    /**
     * Validates entry number {@code index} of {@code notifier.sinks} and reads its secret.
     *
     * @param environment where {@code secretEnv} names are looked up
     */
    public static SinkSpec parse(SinkSettings.Sink raw, int index, Map<String, String> environment) {
        String where = "notifier.sinks[" + index + "]";
        if (raw == null) {
            throw new ConfigException(where + " is empty");
        }
        if (raw.name() == null || raw.name().isBlank()) {
            throw new ConfigException(where + " has no name: every sink needs a unique `name`");
        }
        String name = raw.name().strip();
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(where + ": sink name '" + LogSafe.escape(name, 60) + "' must be lowercase letters, digits,"
                    + " '-' or '_', starting with a letter or digit, at most 40 characters");
        }
        return new Parser(raw, name, environment).parse();
    }

    /** Reads one entry; {@link #fail} prefixes every message with the sink's name. */
    private static final class Parser {
        private final SinkSettings.Sink raw;
        private final String name;
        private final Map<String, String> environment;

        Parser(SinkSettings.Sink raw, String name, Map<String, String> environment) {
            this.raw = raw;
            this.name = name;
            this.environment = environment;
        }

        SinkSpec parse() {
            SinkType type = SinkType.fromWireName(raw.type());
            if (type == null) {
                throw fail("type must be one of " + Arrays.stream(SinkType.values()).map(SinkType::wireName)
                        .collect(Collectors.joining(", ")) + (raw.type() == null ? " (none given)" : ", was '" + LogSafe.escape(raw.type(), 40) + "'"));
            }
            boolean allowPlainHttp = Boolean.TRUE.equals(raw.allowPlainHttp());
            if (allowPlainHttp && type != SinkType.ALERTMANAGER && type != SinkType.WEBHOOK) {
                throw fail("allowPlainHttp applies only to alertmanager and webhook sinks");
            }
            Path path = path(type);
            Secret secret = secret(type);
            URI url = url(type, secret, allowPlainHttp);
            Duration timeout = timeout(type);
            Double rate = rate(type);
            URI link = link(type);
            Route route = new Route(severity(), types(), accounts(), raw.sendResolved() == null || raw.sendResolved());
            return new SinkSpec(name, type, url, path, secret, route, timeout, rate, link);
        }

        private Path path(SinkType type) {
            boolean given = raw.path() != null && !raw.path().isBlank();
            if (type == SinkType.FILE && !given) {
                throw fail("a file sink needs a path");
            }
            if (type != SinkType.FILE && given) {
                throw fail("path applies only to file sinks");
            }
            return given ? Path.of(raw.path().strip()) : null;
        }

        private Secret secret(SinkType type) {
            boolean env = raw.secretEnv() != null && !raw.secretEnv().isBlank();
            boolean file = raw.secretFile() != null && !raw.secretFile().isBlank();
            if (env && file) {
                throw fail("give secretEnv or secretFile, not both");
            }
            if (type.secret() == SinkType.SecretUse.NONE && (env || file)) {
                throw fail(type.wireName() + " sinks take no secret (secretEnv / secretFile)");
            }
            if (type.secret() == SinkType.SecretUse.REQUIRED && !env && !file) {
                throw fail("a " + type.wireName() + " sink needs secretEnv (an environment variable's name) or secretFile"
                        + " (a file's path) holding " + type.secretMeaning());
            }
            if (env) {
                return Secret.fromEnvironment(raw.secretEnv().strip(), environment, name);
            }
            return file ? Secret.fromFile(Path.of(raw.secretFile().strip()), name) : null;
        }

        private URI url(SinkType type, Secret secret, boolean allowPlainHttp) {
            boolean given = raw.url() != null && !raw.url().isBlank();
            switch (type.url()) {
                case NONE -> {
                    if (given) {
                        throw fail("url does not apply to " + type.wireName() + " sinks");
                    }
                    return null;
                }
                case IN_SECRET -> {
                    if (given) {
                        throw fail("a " + type.wireName() + " webhook URL is a secret: give it through secretEnv or"
                                + " secretFile, never as url in the configuration");
                    }
                    try {
                        ReceiverUrl.check(secret.reveal(), false);
                    } catch (IllegalArgumentException e) {
                        throw fail("the URL in " + secret.origin() + " " + e.getMessage());
                    }
                    // the URL is the secret: it stays in the Secret, never in this record
                    return null;
                }
                default -> {
                    if (!given) {
                        if (type.url() == SinkType.UrlUse.REQUIRED) {
                            throw fail("a " + type.wireName() + " sink needs a url");
                        }
                        return SinkType.PAGERDUTY_EVENTS_URL;
                    }
                    try {
                        return ReceiverUrl.check(raw.url(), allowPlainHttp);
                    } catch (IllegalArgumentException e) {
                        throw fail("url " + e.getMessage());
                    }
                }
            }
        }

        private Duration timeout(SinkType type) {
            if (raw.timeout() == null || raw.timeout().isBlank()) {
                return DEFAULT_TIMEOUT;
            }
            if (!type.http()) {
                throw fail("timeout applies only to sinks that call a receiver");
            }
            Duration timeout;
            try {
                timeout = ValueParsers.duration(raw.timeout().strip());
            } catch (IllegalArgumentException e) {
                throw fail("timeout " + e.getMessage());
            }
            if (timeout.isZero() || timeout.isNegative()) {
                throw fail("timeout must be positive");
            }
            return timeout;
        }

        private Double rate(SinkType type) {
            Double rate = raw.rateLimitPerSecond();
            if (rate == null) {
                return type.defaultRateLimit();
            }
            if (!(rate > 0) || rate.isInfinite()) {
                throw fail("rateLimitPerSecond must be a positive number, was " + rate);
            }
            return rate;
        }

        private URI link(SinkType type) {
            if (raw.linkUrl() == null || raw.linkUrl().isBlank()) {
                return null;
            }
            if (!type.http() || type == SinkType.WEBHOOK) {
                throw fail("linkUrl applies only to pagerduty, slack, teams and alertmanager sinks");
            }
            try {
                return ReceiverUrl.check(raw.linkUrl(), true);
            } catch (IllegalArgumentException e) {
                throw fail("linkUrl " + e.getMessage());
            }
        }

        private Severity severity() {
            if (raw.minSeverity() == null || raw.minSeverity().isBlank()) {
                return Severity.INFO;
            }
            try {
                return ValueParsers.enumOf(Severity.class).apply(raw.minSeverity().strip());
            } catch (IllegalArgumentException e) {
                throw fail("minSeverity " + e.getMessage());
            }
        }

        private Set<AlertType> types() {
            Set<AlertType> types = EnumSet.noneOf(AlertType.class);
            for (String t : raw.types()) {
                try {
                    types.add(AlertType.valueOf(String.valueOf(t).strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw fail("types: unknown alert type '" + LogSafe.escape(String.valueOf(t), 60) + "' (known: "
                            + Arrays.toString(AlertType.values()) + ")");
                }
            }
            return types;
        }

        private Set<String> accounts() {
            Set<String> accounts = new LinkedHashSet<>();
            for (String a : raw.accounts()) {
                String account = a == null ? "" : a.strip();
                if (!ACCOUNT.matcher(account).matches()) {
                    throw fail("accounts: '" + LogSafe.escape(account, 40) + "' is not a 12-digit account id"
                            + " (write account ids as quoted strings, or YAML drops their leading zeros)");
                }
                accounts.add(account);
            }
            return accounts;
        }

        private ConfigException fail(String problem) {
            return new ConfigException("sink '" + name + "': " + problem);
        }
    }
}
