package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.EVENT_TIME;
import static dev.rootwatch.evaluator.TrailEventBuilder.apiCall;
import static dev.rootwatch.evaluator.TrailEventBuilder.rootConsoleLogin;
import static dev.rootwatch.evaluator.TrailEventBuilder.rootConsoleLoginFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.json.JsonSerde;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Watermark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event time per account, watermarks, and the events topic's two record kinds. */
class EventTimeTest {

    @TempDir
    Path stateDir;

    private static Instant minute(double n) {
        return EVENT_TIME.plusSeconds((long) (60 * n));
    }

    private static EvaluatorDriver failuresOnly(Path dir) {
        return new EvaluatorDriver(dir, TestSettings.only(AlertType.ROOT_CONSOLE_LOGIN_FAILURES));
    }

    @Test
    void shouldKeepEventTimePerAccount() {
        try (EvaluatorDriver driver = failuresOnly(stateDir)) {
            // Given four failures of one account, then an event of another account two hours later
            for (int i = 0; i < 4; i++) {
                driver.send(rootConsoleLoginFailure().at(minute(i)));
            }
            driver.send(apiCall("s3.amazonaws.com", "ListBuckets").account("444455556666").at(minute(120)));

            // When the first account's fifth failure arrives
            driver.send(rootConsoleLoginFailure().at(minute(4)));

            // Then it is not late: the other account's time is not this account's
            assertThat(driver.alerts()).extracting(Alert::status).containsExactly(AlertStatus.FIRING);
        }
    }

    @Test
    void shouldConcludeWhatAWatermarkMakesDueAndNoMore() {
        try (EvaluatorDriver driver = failuresOnly(stateDir)) {
            // Given a burst whose last failure is at minute 4 (it ends at 4 + 15 + 15)
            for (int i = 0; i <= 4; i++) {
                driver.send(rootConsoleLoginFailure().at(minute(i)));
            }
            driver.alerts();

            // When a watermark says event time has reached minute 33, nothing ends
            driver.send(Watermark.at(minute(33)));
            assertThat(driver.alerts()).isEmpty();

            // When one says minute 34
            driver.send(Watermark.at(minute(34)));

            // Then the burst ends, and the watermark counted
            assertThat(driver.alerts()).extracting(Alert::status).containsExactly(AlertStatus.RESOLVED);
            assertThat(driver.count("rootwatch.evaluator.watermarks")).isEqualTo(2.0);
        }
    }

    @Test
    void shouldTreatEventsOlderThanTheWatermarkAndGraceAsLate() {
        try (EvaluatorDriver driver = failuresOnly(stateDir)) {
            driver.send(Watermark.at(minute(30)));
            for (int i = 0; i <= 4; i++) {
                driver.send(rootConsoleLoginFailure().at(minute(i)));
            }

            assertThat(driver.alerts()).isEmpty();
            assertThat(driver.count("rootwatch.evaluator.late")).isEqualTo(5.0);
        }
    }

    @Test
    void shouldStillRaiseSingleEventAlertsForLateEvents() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir)) {
            // Given the input ended, When a root sign-in without MFA still arrives
            driver.endOfInput();
            driver.send(rootConsoleLogin().mfaUsed(false));

            // Then it is late for windows, but its own alert fires
            assertThat(driver.alerts()).extracting(Alert::type).contains(AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA);
        }
    }

    @Test
    void shouldReadAWatermarkFromJsonAndDeadLetterAnUnknownSchema() {
        // Given the wire form of the end-of-input watermark
        JsonSerde<Watermark> serde = new JsonSerde<>(Watermark.class);
        String json = new String(serde.serialize("t", Watermark.endOfInput()), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"schema\":\"rootwatch.watermark/v1\",\"eventTime\":\"9999-01-01T00:00:00Z\"}");
        assertThat(new EventsTopicDeserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new EvaluatorInput.WatermarkInput(Watermark.endOfInput()));
        assertThat(Watermark.endOfInput().isEndOfInput()).isTrue();

        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir)) {
            // When a record of an unknown schema is on the events topic
            driver.sendRawEvent("111122223333", "{\"schema\":\"rootwatch.event/v9\",\"eventId\":\"x\"}");

            // Then it is dead-lettered, not guessed at
            assertThat(driver.deadLetters()).hasSize(1);
        }
    }
}
