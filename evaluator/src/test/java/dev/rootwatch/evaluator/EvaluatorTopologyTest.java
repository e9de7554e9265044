package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.deactivateMfaDevice;
import static dev.rootwatch.evaluator.TrailEventBuilder.rootConsoleLogin;
import static dev.rootwatch.evaluator.TrailEventBuilder.virtualSerial;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.MfaDevice;
import dev.rootwatch.common.model.MfaDeviceType;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.Severity;
import dev.rootwatch.common.model.TrailEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldReadEventsAndPostureAndWriteAlertsThroughOneStatefulProcessor() {
        // When the topology is built
        TopologyDescription description = EvaluatorTopology.build(EvaluatorDriver.TOPICS, EvaluatorSettings.defaults(),
                false).describe();

        // Then it is one sub-topology: both inputs merged into the evaluator with its three stores, then the alerts topic
        assertThat(description.subtopologies()).hasSize(1);
        String text = description.toString();
        assertThat(text).contains("rootwatch.events", "rootwatch.posture", "rootwatch.alerts",
                EvaluatorTopology.DEDUP_STORE, EvaluatorTopology.ACCOUNT_STORE, EvaluatorTopology.INCIDENT_STORE);
    }

    @Test
    void shouldKeepAChangelogOfLiveStateButNoneOfABatchRun() {
        // Given the same root sign-in evaluated live and in a batch run (replay, demo)
        try (EvaluatorDriver live = new EvaluatorDriver(stateDir.resolve("live"), EvaluatorSettings.defaults(), true);
             EvaluatorDriver batch = new EvaluatorDriver(stateDir.resolve("batch"), EvaluatorSettings.defaults(), false)) {
            live.send(rootConsoleLogin());
            batch.send(rootConsoleLogin());

            // Then both alert, but only live state is written to changelog topics, to survive the loss of its disk
            assertThat(live.alerts()).hasSize(1);
            assertThat(batch.alerts()).hasSize(1);
            assertThat(live.producedTopics()).anyMatch(topic -> topic.endsWith(EvaluatorTopology.ACCOUNT_STORE + "-changelog"));
            assertThat(batch.producedTopics()).noneMatch(topic -> topic.endsWith("-changelog"));
        }
    }

    @Test
    void shouldTakeAPostureWrittenBetweenTheEventsWhereItStands() {
        // ROOT_MFA_DISABLED alone: the fixtures' virtual device would also raise ROOT_HARDWARE_MFA_MISSING
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir, TestSettings.only(AlertType.ROOT_MFA_DISABLED))) {
            // Given a replay's posture on the events topic: MFA off, then on again
            driver.sendBetweenEvents(PostureBuilder.nonCompliant())
                    .sendBetweenEvents(PostureBuilder.compliant().at(PostureBuilder.OBSERVED_AT.plus(Duration.ofHours(1))));

            // Then it is evaluated as posture: the incident fires, then resolves
            assertThat(driver.alerts()).extracting(Alert::type, Alert::status).containsExactly(
                    tuple(AlertType.ROOT_MFA_DISABLED, AlertStatus.FIRING),
                    tuple(AlertType.ROOT_MFA_DISABLED, AlertStatus.RESOLVED));
            assertThat(driver.deadLetters()).isEmpty();
        }
    }

    @Test
    void shouldEvaluateADuplicateEventIdOnce() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir)) {
            // Given one root sign-in delivered twice (S3 and EventBridge both carried it)
            TrailEvent login = rootConsoleLogin().build();

            // When both copies arrive
            driver.send(login).send(login);

            // Then one alert, one duplicate counted, both events counted
            assertThat(driver.alerts()).hasSize(1);
            assertThat(driver.count("rootwatch.evaluator.duplicates")).isEqualTo(1.0);
            assertThat(driver.count("rootwatch.evaluator.events")).isEqualTo(2.0);
        }
    }

    @Test
    void shouldTreatACopyStampedEarlierThanTheFirstAsDuplicate() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir)) {
            // Given an event, and a copy whose producer stamped it ten minutes earlier (another collector's clock)
            TrailEvent login = rootConsoleLogin().build();
            driver.send(login).advance(Duration.ofMinutes(-10)).send(login);

            // Then the copy is still recognized
            assertThat(driver.alerts()).hasSize(1);
            assertThat(driver.count("rootwatch.evaluator.duplicates")).isEqualTo(1.0);
        }
    }

    @Test
    void shouldEvaluateTheSameEventIdOfAnotherAccountSeparately() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir)) {
            // Given two accounts' events that share an eventID
            driver.send(rootConsoleLogin().eventId("shared-id").account("111122223333"));
            driver.send(rootConsoleLogin().eventId("shared-id").account("444455556666"));

            // Then each raises its own alert
            assertThat(driver.alerts()).extracting(Alert::accountId).containsExactly("111122223333", "444455556666");
        }
    }

    @Test
    void shouldEvaluateARepeatedEventIdAgainOnceRetentionHasPassed() {
        Config config = Config.defaults().with(Settings.EVALUATOR_DEDUP_RETENTION, Duration.ofHours(1));
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir, EvaluatorSettings.from(config))) {
            // Given an event, and its copy arriving two hours later (beyond the one-hour retention)
            TrailEvent login = rootConsoleLogin().build();
            driver.send(login).advance(Duration.ofHours(2)).send(login);

            // Then the eventID has been forgotten and the copy is evaluated
            assertThat(driver.alerts()).hasSize(2);
            assertThat(driver.count("rootwatch.evaluator.duplicates")).isZero();
        }
    }

    @Test
    void shouldEmitNothingForADisabledDetection() {
        Config config = Config.defaults()
                .with(Settings.detectionEnabled(AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA), false)
                .with(Settings.detectionEnabled(AlertType.ROOT_MFA_DISABLED), false);
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir, EvaluatorSettings.from(config))) {
            // Given both detections switched off, When their triggers arrive
            driver.send(rootConsoleLogin().mfaUsed(false));
            driver.send(PostureBuilder.nonCompliant());
            driver.send(PostureBuilder.compliant().at(PostureBuilder.OBSERVED_AT.plusSeconds(60))
                    .devices(new MfaDevice("GAHT12345678", MfaDeviceType.HARDWARE)));

            // Then nothing is emitted
            assertThat(driver.alerts()).isEmpty();
        }
    }

    @Test
    void shouldUseTheConfiguredSeverity() {
        Config config = Config.defaults()
                .with(Settings.detectionSeverity(AlertType.ROOT_CONSOLE_LOGIN), Severity.LOW);
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir, EvaluatorSettings.from(config))) {
            // Given ROOT_CONSOLE_LOGIN configured LOW, When root signs in with MFA
            driver.send(rootConsoleLogin().mfaUsed(true));

            // Then the alert is LOW and counted as such
            assertThat(driver.alerts()).extracting(Alert::severity).containsExactly(Severity.LOW);
            assertThat(driver.count("rootwatch.evaluator.alerts",
                    "type", "root_console_login", "status", "firing", "severity", "low")).isEqualTo(1.0);
        }
    }

    @Test
    void shouldGiveTheSameAlertIdsWhenTheSameInputIsReplayed(@TempDir Path otherStateDir) {
        // Given one input sequence
        List<Object> inputs = List.of(
                rootConsoleLogin().build(),
                deactivateMfaDevice(null, virtualSerial("ops-phone")).build(),
                PostureBuilder.nonCompliant().build(),
                PostureBuilder.compliant().at(PostureBuilder.OBSERVED_AT.plusSeconds(60)).build());

        // When two evaluators each process it
        List<Alert> first = run(stateDir, inputs);
        List<Alert> second = run(otherStateDir, inputs);

        // Then both emit the same alerts with the same ids and fingerprints (sign-in, deactivation, the takeover
        // sequence they make, MFA disabled and resolved, and hardware MFA missing)
        assertThat(first).hasSize(6);
        assertThat(second).extracting(Alert::alertId).containsExactlyElementsOf(
                first.stream().map(Alert::alertId).toList());
        assertThat(second).extracting(Alert::fingerprint).containsExactlyElementsOf(
                first.stream().map(Alert::fingerprint).toList());
        assertThat(first).extracting(Alert::alertId).doesNotHaveDuplicates();
    }

    private static List<Alert> run(Path dir, List<Object> inputs) {
        try (EvaluatorDriver driver = new EvaluatorDriver(dir)) {
            for (Object input : inputs) {
                if (input instanceof TrailEvent event) {
                    driver.send(event);
                } else {
                    driver.send((Posture) input);
                }
            }
            return driver.alerts();
        }
    }

    @Test
    void shouldDeadLetterAnUnreadableEventAndKeepProcessing() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir)) {
            // Given a record on the events topic that is not JSON
            driver.sendRawEvent("111122223333", "this is not json {");

            // When a valid event follows
            driver.send(rootConsoleLogin());

            // Then the valid event is evaluated
            assertThat(driver.alerts()).hasSize(1);

            // And the unreadable one is a dead letter, keyed by its topic/partition/offset, and counted
            List<TestRecord<String, DeadLetter>> letters = driver.deadLetters();
            assertThat(letters).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("rootwatch.events/0/0");
                DeadLetter letter = record.value();
                assertThat(letter.schema()).isEqualTo(DeadLetter.SCHEMA);
                assertThat(letter.stage()).isEqualTo("evaluator");
                assertThat(letter.source()).isEqualTo("rootwatch.events");
                assertThat(letter.ref()).isEqualTo("rootwatch.events/0/0");
                assertThat(letter.reason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE);
                assertThat(letter.excerpt()).isEqualTo("this is not json {");
                assertThat(letter.detail()).doesNotContain("this is not json");
            });
            assertThat(driver.count(DeadLetterDeserializationHandler.DEAD_LETTERS,
                    "topic", "rootwatch.events", "reason", "undeserializable")).isEqualTo(1.0);
        }
    }

    @Test
    void shouldDeadLetterValidJsonThatIsNotAnEvent() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir)) {
            // Given JSON without the fields every event must have
            driver.sendRawEvent("111122223333", "{\"schema\":\"rootwatch.event/v1\"}");

            // Then it is dead-lettered, not evaluated
            assertThat(driver.deadLetters()).hasSize(1);
            assertThat(driver.alerts()).isEmpty();
        }
    }

    @Test
    void shouldSkipAndCountAPostureTombstoneWithoutAKey() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir)) {
            // Given a tombstone without a key on the compacted posture topic: it withdraws no account
            driver.sendPostureTombstone(null);

            // Then it raises nothing and is counted as skipped
            assertThat(driver.alerts()).isEmpty();
            assertThat(driver.count("rootwatch.evaluator.skipped", "reason", "tombstone")).isEqualTo(1.0);
        }
    }

    @Test
    void shouldApplyPostureAndEventsInTimestampOrder() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir)) {
            // Given a deletion of a custom-named device arrives before the posture that lists it for root
            String custom = virtualSerial("ops-phone");
            driver.send(TrailEventBuilder.deleteVirtualMfaDevice(custom).byIamUser("admin"));
            driver.send(PostureBuilder.compliant().devices(
                    new MfaDevice(custom, MfaDeviceType.VIRTUAL)));

            // Then the deletion was judged with what was known at its time: not (yet) root's
            assertThat(driver.alerts()).extracting(Alert::type).doesNotContain(AlertType.ROOT_MFA_DEVICE_DELETED);
        }
    }
}
