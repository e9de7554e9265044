package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.ConfigLoader;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.config.SinkSettings;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifierSettingsTest {

    private static final String SLACK_URL = "https://hooks.slack.com/services/T000/B000/SLACKSECRET";
    private static final Map<String, String> ENV = Map.of(
            "PD_ROUTING_KEY", "pdsecret0000000000000000000000000",
            "SLACK_WEBHOOK_URL", SLACK_URL,
            "SLACK_PLAIN_URL", "http://hooks.example.com/services/SLACKSECRET");

    @TempDir
    Path directory;

    @Test
    void defaultsToTheConsoleSinkOnly() {
        // Given the default configuration
        NotifierSettings settings = NotifierSettings.from(Config.defaults(), Map.of());

        // Then the notifier prints to the console in its default group, with the default delivery policy
        assertThat(settings.groupId()).isEqualTo("rootwatch-notifier");
        assertThat(settings.deliveryPolicy()).isEqualTo(DeliveryPolicy.defaults());
        List<AlertSink> sinks = settings.createSinks();
        assertThat(sinks).extracting(AlertSink::name).containsExactly("console");
        assertThat(((RoutedSink) sinks.get(0)).sink()).isInstanceOf(ConsoleSink.class);
    }

    @Test
    void addsTheFileSinkWhenAPathIsGiven() {
        // Given a file path and a group id
        Path file = directory.resolve("alerts.jsonl");
        Config config = Config.defaults()
                .with(Settings.NOTIFIER_FILE_PATH, file.toString())
                .with(Settings.NOTIFIER_GROUP_ID, "team-a");

        // When the sinks are created
        NotifierSettings settings = NotifierSettings.from(config, Map.of());
        List<AlertSink> sinks = settings.createSinks(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        // Then both sinks are on
        assertThat(settings.groupId()).isEqualTo("team-a");
        assertThat(sinks).extracting(AlertSink::name).containsExactly("console", "file");
        assertThat(((JsonLinesFileSink) ((RoutedSink) sinks.get(1)).sink()).path()).isEqualTo(file.toAbsolutePath());
        sinks.forEach(AlertSink::close);
    }

    @Test
    void rejectsAConfigurationWithoutAnySink() {
        // Given the console switched off and no file
        Config config = Config.defaults().with(Settings.NOTIFIER_CONSOLE_ENABLED, false);

        // Then the settings are refused at start-up, naming the keys
        assertThatThrownBy(() -> NotifierSettings.from(config, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("notifier.console.enabled")
                .hasMessageContaining("notifier.file.path")
                .hasMessageContaining("notifier.sinks");
    }

    @Test
    void readsEverySinkTypeFromTheYamlFile() throws IOException {
        // Given a configuration file with one sink of each type, secrets in the environment and a file
        Path teamsSecret = directory.resolve("teams-url");
        Files.writeString(teamsSecret, "https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=TEAMSSECRET\n");
        Path hmacKey = directory.resolve("hmac-key");
        Files.writeString(hmacKey, "  hmacsecret  \n");
        Path file = write("""
                notifier:
                  delivery:
                    maxAge: 6h
                    initialBackoff: 1s
                  circuitBreaker:
                    failures: 3
                    openDuration: 2m
                  sinks:
                    - name: pager
                      type: pagerduty
                      secretEnv: PD_ROUTING_KEY
                      minSeverity: high
                      linkUrl: https://grafana.example/d/rootwatch
                    - name: soc-slack
                      type: slack
                      secretEnv: SLACK_WEBHOOK_URL
                      types: [ROOT_MFA_DISABLED, root_takeover_sequence]
                      sendResolved: false
                      rateLimitPerSecond: 0.5
                    - name: teams
                      type: teams
                      secretFile: %s
                      accounts: ["012345678901"]
                    - name: am
                      type: alertmanager
                      url: http://127.0.0.1:9093
                      timeout: 3s
                    - name: am-cluster
                      type: alertmanager
                      url: http://alertmanager.monitoring:9093
                      allowPlainHttp: true
                    - name: hook
                      type: webhook
                      url: https://hooks.example.com/rootwatch
                      secretFile: %s
                    - name: audit
                      type: file
                      path: %s
                """.formatted(teamsSecret, hmacKey, directory.resolve("audit.jsonl")));

        // When the notifier's settings are read
        NotifierSettings settings = NotifierSettings.from(ConfigLoader.load(file, Map.of()), ENV);

        // Then every sink is there, after the implicit console, with its secret, route and limits
        assertThat(settings.sinks()).extracting(SinkSpec::name)
                .containsExactly("console", "pager", "soc-slack", "teams", "am", "am-cluster", "hook", "audit");
        assertThat(settings.deliveryPolicy().maxAge()).isEqualTo(Duration.ofHours(6));
        assertThat(settings.deliveryPolicy().initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.deliveryPolicy().circuitFailures()).isEqualTo(3);
        assertThat(settings.deliveryPolicy().circuitOpenDuration()).isEqualTo(Duration.ofMinutes(2));
        SinkSpec pager = settings.sink("pager").orElseThrow();
        assertThat(pager.type()).isEqualTo(SinkType.PAGERDUTY);
        assertThat(pager.url()).isEqualTo(SinkType.PAGERDUTY_EVENTS_URL);
        assertThat(pager.secret().reveal()).isEqualTo("pdsecret0000000000000000000000000");
        assertThat(pager.route().minSeverity()).isEqualTo(Severity.HIGH);
        assertThat(pager.rateLimitPerSecond()).isEqualTo(2.0);
        SinkSpec slack = settings.sink("soc-slack").orElseThrow();
        assertThat(slack.url()).isNull();
        assertThat(slack.route().types()).containsExactlyInAnyOrder(AlertType.ROOT_MFA_DISABLED, AlertType.ROOT_TAKEOVER_SEQUENCE);
        assertThat(slack.route().sendResolved()).isFalse();
        assertThat(slack.rateLimitPerSecond()).isEqualTo(0.5);
        SinkSpec teams = settings.sink("teams").orElseThrow();
        assertThat(teams.secret().origin()).isEqualTo("file " + teamsSecret);
        assertThat(teams.route().accounts()).containsExactly("012345678901");
        assertThat(settings.sink("am").orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.sink("am").orElseThrow().secret()).isNull();
        assertThat(settings.sink("hook").orElseThrow().secret().reveal()).isEqualTo("hmacsecret");
        assertThat(settings.sink("audit").orElseThrow().path()).isEqualTo(directory.resolve("audit.jsonl"));
        // And no secret shows in the settings' text
        assertThat(settings.toString()).doesNotContain("pdsecret", "SLACKSECRET", "TEAMSSECRET", "hmacsecret")
                .contains("environment variable PD_ROUTING_KEY");

        // When the sinks are opened
        List<AlertSink> sinks = settings.createSinks(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        // Then each is the right kind
        assertThat(sinks).extracting(s -> ((RoutedSink) s).sink())
                .extracting(s -> s instanceof ChatWebhookSink chat ? chat.kind() + "Sink" : s.getClass().getSimpleName())
                .containsExactly("ConsoleSink", "PagerDutySink", "SlackSink", "TeamsSink", "AlertmanagerSink", "AlertmanagerSink",
                        "WebhookSink", "JsonLinesFileSink");
        sinks.forEach(AlertSink::close);
    }

    @Test
    void routesByTypeSeverityAccountAndStatus() {
        // Given a sink for HIGH and above, for one type, one account, without resolves
        Route route = new Route(Severity.HIGH, Set.of(AlertType.ROOT_MFA_DISABLED), Set.of("111122223333"), false);

        // Then it takes only what matches all of that
        assertThat(route.accepts(TestAlerts.alert("1", "111122223333", AlertType.ROOT_MFA_DISABLED, Severity.CRITICAL,
                AlertStatus.FIRING, Map.of()))).isTrue();
        assertThat(route.accepts(TestAlerts.alert("2", "111122223333", AlertType.ROOT_MFA_DISABLED, Severity.MEDIUM,
                AlertStatus.FIRING, Map.of()))).isFalse();
        assertThat(route.accepts(TestAlerts.alert("3", "111122223333", AlertType.ROOT_ACTIVITY, Severity.CRITICAL,
                AlertStatus.FIRING, Map.of()))).isFalse();
        assertThat(route.accepts(TestAlerts.alert("4", "999988887777", AlertType.ROOT_MFA_DISABLED, Severity.CRITICAL,
                AlertStatus.FIRING, Map.of()))).isFalse();
        assertThat(route.accepts(TestAlerts.alert("5", "111122223333", AlertType.ROOT_MFA_DISABLED, Severity.CRITICAL,
                AlertStatus.RESOLVED, Map.of()))).isFalse();
        assertThat(Route.all().accepts(TestAlerts.alert("6", "999988887777", AlertType.ROOT_ACTIVITY, Severity.INFO,
                AlertStatus.RESOLVED, Map.of()))).isTrue();
    }

    @Test
    void keepsSuppressedAlertsFromPagingSinks() {
        // Given a paging sink and the console
        NotifierSettings settings = NotifierSettings.from(ConfigLoader.load(write("""
                notifier:
                  sinks:
                    - {name: pager, type: pagerduty, secretEnv: PD_ROUTING_KEY}
                """), Map.of()), ENV);
        DeliveryPolicy policy = settings.deliveryPolicy();
        List<GuardedSink> sinks = settings.createSinks(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .stream().map(s -> GuardedSink.of(s, policy)).toList();
        var suppressed = TestAlerts.alert("1", "111122223333", AlertType.ROOT_ACTIVITY, Severity.MEDIUM, AlertStatus.FIRING,
                Map.of("suppressed", true, "suppressedBy", "change window"));

        // Then a suppressed alert goes to the console only
        assertThat(AlertText.suppressed(suppressed)).isTrue();
        assertThat(sinks).filteredOn(s -> s.takes(suppressed, true)).extracting(GuardedSink::name).containsExactly("console");
        assertThat(sinks).filteredOn(s -> s.takes(suppressed, false)).extracting(GuardedSink::name).containsExactly("console", "pager");
    }

    @Test
    void namesTheSinkAndTheProblemWhenAnEntryIsWrong() {
        assertRejected("- {name: pager, type: pagerduty, secretEnv: MISSING_VAR}",
                "sink 'pager': environment variable MISSING_VAR (its secretEnv) is not set or empty");
        assertRejected("- {name: pager, type: pagerduty}",
                "sink 'pager': a pagerduty sink needs secretEnv (an environment variable's name) or secretFile (a file's path) holding the integration's routing key");
        assertRejected("- {name: slack, type: slack, url: \"" + SLACK_URL + "\", secretEnv: SLACK_WEBHOOK_URL}",
                "sink 'slack': a slack webhook URL is a secret: give it through secretEnv or secretFile, never as url in the configuration");
        assertRejected("- {name: slack, type: slack, secretEnv: SLACK_PLAIN_URL}",
                "sink 'slack': the URL in environment variable SLACK_PLAIN_URL must use https");
        assertRejected("- {name: am, type: alertmanager, url: \"http://alertmanager:9093\"}",
                "sink 'am': url must use https (plain http is allowed only to a loopback address or with allowPlainHttp)");
        assertRejected("- {name: am, type: alertmanager, url: \"https://user:pw@alertmanager:9093\"}",
                "sink 'am': url carries credentials");
        assertRejected("- {name: am, type: alertmanager}", "sink 'am': a alertmanager sink needs a url");
        assertRejected("- {name: x, type: sms}", "sink 'x': type must be one of console, file, pagerduty, slack, teams,"
                + " alertmanager, webhook, was 'sms'");
        assertRejected("- {name: Pager!, type: pagerduty}", "notifier.sinks[0]: sink name 'Pager!' must be lowercase letters");
        assertRejected("- {type: console}", "notifier.sinks[0] has no name");
        assertRejected("- {name: console, type: console}", "sink name 'console' is used twice");
        assertRejected("- {name: c, type: console, minSeverity: urgent}", "sink 'c': minSeverity 'urgent' is not one of");
        assertRejected("- {name: c, type: console, types: [ROOT_NOPE]}", "sink 'c': types: unknown alert type 'ROOT_NOPE'");
        assertRejected("- {name: c, type: console, accounts: [12345678901]}", "sink 'c': accounts: '12345678901' is not a 12-digit account id");
        assertRejected("- {name: c, type: console, rateLimitPerSecond: 0}", "sink 'c': rateLimitPerSecond must be a positive number");
        assertRejected("- {name: f, type: file}", "sink 'f': a file sink needs a path");
        assertRejected("- {name: c, type: console, secretEnv: PD_ROUTING_KEY}", "sink 'c': console sinks take no secret");
        assertRejected("- {name: h, type: webhook, url: \"https://h.example\", secretEnv: PD_ROUTING_KEY, timeout: soon}",
                "sink 'h': timeout 'soon' is not a duration");
        assertRejected("- {name: p, type: pagerduty, secretEnv: PD_ROUTING_KEY, secretFile: /x}", "sink 'p': give secretEnv or secretFile, not both");
    }

    @Test
    void neverQuotesASecretInAnError() {
        assertThatThrownBy(() -> NotifierSettings.from(ConfigLoader.load(write("notifier:\n  sinks:\n"
                + "    - {name: slack, type: slack, secretEnv: SLACK_PLAIN_URL}\n"), Map.of()), ENV))
                .isInstanceOf(ConfigException.class)
                .message().doesNotContain("SLACKSECRET", "hooks.example.com");
    }

    @Test
    void rejectsAFieldTheSinkDoesNotKnow() {
        assertThatThrownBy(() -> ConfigLoader.load(write("notifier:\n  sinks:\n    - {name: pager, type: pagerduty, routingKey: abc}\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid value for " + SinkSettings.NOTIFIER_SINKS.key())
                .hasMessageContaining("routingKey");
    }

    private void assertRejected(String entry, String message) {
        Path file = write("notifier:\n  sinks:\n    " + entry + "\n");
        assertThatThrownBy(() -> NotifierSettings.from(ConfigLoader.load(file, Map.of()), ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    private Path write(String yaml) {
        try {
            Path file = Files.createTempFile(directory, "rootwatch", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
