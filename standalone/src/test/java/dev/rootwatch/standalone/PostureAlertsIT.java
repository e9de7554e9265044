package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootwatch.collector.KafkaPublisher;
import dev.rootwatch.collector.posture.FakeAws;
import dev.rootwatch.collector.posture.PostureClients;
import dev.rootwatch.collector.posture.PosturePoller;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.PostureSettings;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import dev.rootwatch.notifier.JsonLinesFileSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The posture chain end to end: the poller reads IAM (the real IAM and STS clients against
 * stubs answering IAM's wire format), publishes posture, the evaluator raises ROOT_MFA_DISABLED
 * when root loses MFA and resolves it when MFA is back; an event-triggered refresh brings each
 * change within seconds, not at the next sweep.
 */
class PostureAlertsIT {

    @TempDir
    Path dir;

    @Test
    void rootLosingMfaFiresAndGettingItBackResolves() throws Exception {
        String account = FakeAws.MANAGEMENT;
        Path alerts = dir.resolve("alerts.jsonl");
        try (FakeAws iam = new FakeAws();
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            // Given IAM saying root has MFA, and the poller, evaluator and notifier running
            iam.callerIdentity(account);
            iam.organizationsFeatures(false);
            iam.account(account).summary(1, 1, 0).virtualDevices(true).report("true", "true", false, false);
            Topics topics = Topics.withPrefix(Topics.DEFAULT_PREFIX);
            TopicAdmin.createMissing(admin, topics, 3, (short) 1);
            Config config = Config.defaults()
                    .with(PostureSettings.IAM_ENDPOINT, iam.url())
                    .with(PostureSettings.STS_ENDPOINT, iam.url())
                    .with(PostureSettings.REGION_SETTING, "us-east-1")
                    .with(PostureSettings.INTERVAL, Duration.ofHours(1))
                    .with(PostureSettings.REFRESH_DEBOUNCE, Duration.ofMillis(200))
                    .with(Settings.NOTIFIER_CONSOLE_ENABLED, false)
                    .with(Settings.NOTIFIER_FILE_PATH, alerts.toString());
            PostureSettings settings = PostureSettings.from(config);
            try (KafkaPublisher publisher = new KafkaPublisher(broker.bootstrapServers(), topics, "it-posture");
                 PostureClients clients = PostureClients.create(settings, FakeAws.baseCredentials());
                 PosturePoller poller = new PosturePoller(settings, clients, publisher, new SimpleMeterRegistry(), Clock.systemUTC());
                 Services services = Services.start(broker.bootstrapServers(), topics, config,
                         List.of(new JsonLinesFileSink(alerts)), new SimpleMeterRegistry())) {
                poller.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> progressOn(admin, topics));

                // When root's MFA goes away and an MFA event asks for a refresh
                iam.account(account).summary(0, 1, 0).virtualDevices(false);
                long asked = System.nanoTime();
                poller.refresh(account);

                // Then ROOT_MFA_DISABLED fires within seconds
                await().atMost(Duration.ofSeconds(20)).until(() -> alerts(alerts).stream()
                        .anyMatch(a -> a.type() == AlertType.ROOT_MFA_DISABLED && a.status() == AlertStatus.FIRING));
                System.out.printf("FIGURE refresh-to-alert: %d ms%n", (System.nanoTime() - asked) / 1_000_000);

                // When MFA is back
                iam.account(account).summary(1, 1, 0).virtualDevices(true);
                poller.refresh(account);

                // Then the same incident resolves
                await().atMost(Duration.ofSeconds(20)).until(() -> alerts(alerts).stream()
                        .anyMatch(a -> a.type() == AlertType.ROOT_MFA_DISABLED && a.status() == AlertStatus.RESOLVED));
                List<Alert> disabled = alerts(alerts).stream().filter(a -> a.type() == AlertType.ROOT_MFA_DISABLED).toList();
                assertThat(disabled).extracting(Alert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
                assertThat(disabled).extracting(Alert::fingerprint).containsOnly(disabled.get(0).fingerprint());
                assertThat(disabled).allSatisfy(a -> assertThat(a.accountId()).isEqualTo(account));
            }
        }
    }

    private static boolean progressOn(Admin admin, Topics topics) throws Exception {
        return admin.listOffsets(Map.of(new org.apache.kafka.common.TopicPartition(topics.posture().name(), 0),
                        org.apache.kafka.clients.admin.OffsetSpec.latest(),
                        new org.apache.kafka.common.TopicPartition(topics.posture().name(), 1),
                        org.apache.kafka.clients.admin.OffsetSpec.latest(),
                        new org.apache.kafka.common.TopicPartition(topics.posture().name(), 2),
                        org.apache.kafka.clients.admin.OffsetSpec.latest()))
                .all().get().values().stream().mapToLong(r -> r.offset()).sum() > 0;
    }

    private static List<Alert> alerts(Path file) throws Exception {
        return Files.exists(file) ? DemoScenarioAlerts.read(file) : List.of();
    }
}
