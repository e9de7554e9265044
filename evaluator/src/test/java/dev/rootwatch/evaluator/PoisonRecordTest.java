package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.rootConsoleLogin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.common.model.Watermark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever one record holds, the evaluator goes on: a record written to its topics by something
 * other than the collector, with a time or an account id the collector would have refused, is
 * dead-lettered before it touches any state; a record on which a detection throws is dead-lettered
 * where it failed. Either way the next record is evaluated and alerts.
 */
class PoisonRecordTest {

    @TempDir
    Path stateDir;

    @ParameterizedTest(name = "eventTime {0}")
    @ValueSource(strings = {"+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z", "1970-01-01T00:00:00Z"})
    void anEventTimeOutsideWhatTheEvaluatorComputesWithIsDeadLetteredAndTheNextLoginAlerts(String time) {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir)) {
            // Given a root sign-in whose eventTime is at the edge of what an Instant holds, put on the events topic directly
            driver.send(rootConsoleLogin().at(Instant.parse(time)).eventId("poison"));

            // When a good root sign-in without MFA follows
            driver.send(rootConsoleLogin().eventId("good"));

            // Then the poison is one dead letter (invalid_event, counted) and the good one alerts
            assertThat(driver.alerts()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA);
                assertThat(a.eventIds()).containsExactly("good");
            });
            assertThat(driver.deadLetters()).singleElement().satisfies(record -> {
                DeadLetter letter = record.value();
                assertThat(letter.reason()).isEqualTo(DeadLetterReason.INVALID_EVENT);
                assertThat(letter.ref()).isEqualTo("rootwatch.events/0/0").isEqualTo(record.key());
                assertThat(letter.detail()).contains("eventTime");
                assertThat(letter.excerpt()).contains("poison");
            });
            assertThat(driver.count(DeadLetterDeserializationHandler.DEAD_LETTERS, "topic", "rootwatch.events",
                    "reason", "invalid_event")).isEqualTo(1.0);
        }
    }

    @Test
    void anAccountIdThatIsNotTwelveDigitsIsDeadLetteredNotAlerted() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir)) {
            // Given root sign-ins under account ids the collector would have refused
            driver.send(rootConsoleLogin().account("12345"));
            driver.send(rootConsoleLogin().account("200000000047\n[FAKE LOG LINE] \u001b[31mred"));
            driver.send(rootConsoleLogin().account("\u0661\u0661\u0661\u0661\u0662\u0662\u0662\u0662\u0663\u0663\u0663\u0663"));
            // and a posture tombstone under such a key
            driver.sendPostureTombstone("12345\n[FAKE LOG LINE]");

            // Then none alerts and each is a dead letter
            assertThat(driver.alerts()).isEmpty();
            assertThat(driver.deadLetters()).hasSize(4).extracting(r -> r.value().reason())
                    .containsOnly(DeadLetterReason.INVALID_EVENT);
        }
    }

    @Test
    void aWatermarkOrPostureOutsideTheRangeIsDeadLetteredAndEndOfInputStillConcludes() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir, TestSettings.only(AlertType.ROOT_ACTIVITY), false)) {
            // Given a root session call, then a watermark and a posture at the very end of time
            driver.send(TrailEventBuilder.apiCall("iam.amazonaws.com", "ListUsers"));
            driver.send(Watermark.at(Instant.MAX));
            driver.send(PostureBuilder.compliant().at(Instant.MIN));

            // When the input ends
            driver.endOfInput();

            // Then both are dead letters, and the session still concludes at the end of input
            assertThat(driver.deadLetters()).hasSize(2);
            assertThat(driver.alerts()).extracting(a -> a.status().name()).containsExactly("FIRING", "RESOLVED");
        }
    }

    @Test
    void aRecordOnWhichADetectionThrowsIsDeadLetteredWhereItFailedAndTheNextOneAlerts() {
        // Given a detection that throws on one particular event, beside the standard catalogue
        EvaluatorSettings settings = EvaluatorSettings.defaults();
        Detections standard = Detections.standard(settings);
        List<EventDetection> events = new ArrayList<>(standard.events());
        events.add(0, new ThrowingDetection("boom"));
        Detections detections = new Detections(events, standard.postures(), standard.windowed());

        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir, settings, detections, false)) {
            // When that event, and a good one after it, arrive
            driver.send(rootConsoleLogin().eventId("boom"));
            driver.send(rootConsoleLogin().eventId("after"));

            // Then the failing one is a dead letter saying where it failed, and the evaluator alerted on the next
            List<TestRecord<String, DeadLetter>> letters = driver.deadLetters();
            assertThat(letters).singleElement().satisfies(record -> {
                assertThat(record.value().reason()).isEqualTo(DeadLetterReason.PROCESSING_FAILED);
                assertThat(record.value().detail()).contains("ArithmeticException").contains("ThrowingDetection.detect");
                assertThat(record.value().stage()).isEqualTo("evaluator");
            });
            assertThat(driver.alerts()).extracting(a -> a.eventIds().get(0)).containsExactly("after");
            assertThat(driver.count(DeadLetterDeserializationHandler.DEAD_LETTERS, "topic", "rootwatch.events",
                    "reason", "processing_failed")).isEqualTo(1.0);
        }
    }

    /** Throws, as an overflow would, on the event with one eventID. */
    private record ThrowingDetection(String eventId) implements EventDetection {
        @Override
        public AlertType type() {
            return AlertType.CLOUDTRAIL_TAMPERING;
        }

        @Override
        public List<AlertDraft> detect(TrailEvent event, AccountState account) {
            if (event.eventId().equals(eventId)) {
                throw new ArithmeticException("long overflow");
            }
            return List.of();
        }
    }
}
