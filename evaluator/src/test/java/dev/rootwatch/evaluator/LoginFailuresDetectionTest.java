package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.EVENT_TIME;
import static dev.rootwatch.evaluator.TrailEventBuilder.apiCall;
import static dev.rootwatch.evaluator.TrailEventBuilder.rootConsoleLoginFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.DetectionSettings;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.IngestSource;
import dev.rootwatch.common.model.Severity;
import dev.rootwatch.common.model.TrailEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginFailuresDetectionTest {

    @TempDir
    Path stateDir;

    private EvaluatorDriver driver;

    @BeforeEach
    void startDriver() {
        driver = new EvaluatorDriver(stateDir, TestSettings.only(AlertType.ROOT_CONSOLE_LOGIN_FAILURES));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private static Instant minute(double n) {
        return EVENT_TIME.plusSeconds((long) (60 * n));
    }

    /** Failed root sign-ins at the given minutes, in that order; returns them. */
    private List<TrailEvent> failuresAt(double... minutes) {
        List<TrailEvent> sent = new ArrayList<>();
        for (double m : minutes) {
            TrailEvent failure = rootConsoleLoginFailure().at(minute(m)).build();
            driver.send(failure);
            sent.add(failure);
        }
        return sent;
    }

    /** A root API call of the same account: moves the account's event time to {@code minute}. */
    private void accountEventAt(double minute) {
        driver.send(apiCall("s3.amazonaws.com", "ListBuckets").at(minute(minute)));
    }

    @Test
    void shouldStayQuietAtFourFailures() {
        // Given four failed root sign-ins within 15 minutes
        failuresAt(0, 1, 2, 3);

        // When the input ends
        driver.endOfInput();

        // Then nothing fires: the threshold is five
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldFireOnceAtTheFifthFailureThenStayQuiet() {
        // Given four failures
        List<TrailEvent> failures = failuresAt(0, 1, 2, 3);
        assertThat(driver.alerts()).isEmpty();

        // When the fifth arrives
        failures.addAll(failuresAt(4));

        // Then one HIGH alert fires at once, listing the five
        List<Alert> firing = driver.alerts();
        assertThat(firing).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.ROOT_CONSOLE_LOGIN_FAILURES);
            assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.severity()).isEqualTo(Severity.HIGH);
            assertThat(alert.eventIds()).containsExactlyElementsOf(failures.stream().map(TrailEvent::eventId).toList());
            assertThat(alert.eventTime()).isEqualTo(minute(4));
            assertThat(alert.sourceIp()).isEqualTo("192.0.2.0");
            assertThat(alert.title()).isEqualTo("Repeated failed root console sign-ins in account 111122223333");
            assertThat(alert.details()).containsEntry("failureCount", 5).containsEntry("threshold", 5)
                    .containsEntry("firstFailureAt", minute(0).toString())
                    .containsEntry("burst", 1);
        });

        // When more failures of the same burst follow
        failuresAt(5, 6, 12);

        // Then nothing more: one alert per burst, not per failure
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldResolveTheBurstWithItsFinalCountAtTheEndOfInput() {
        // Given a burst of seven failures
        List<TrailEvent> failures = failuresAt(0, 1, 2, 3, 4, 5, 6);
        String fingerprint = driver.alerts().get(0).fingerprint();

        // When the input ends
        driver.endOfInput();

        // Then the burst concludes: same fingerprint, the final count, every eventID in time order
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(alert.fingerprint()).isEqualTo(fingerprint);
            assertThat(alert.details()).containsEntry("failureCount", 7)
                    .containsEntry("lastFailureAt", minute(6).toString())
                    .containsEntry("eventIdsTruncated", false);
            assertThat(alert.eventIds()).containsExactlyElementsOf(failures.stream().map(TrailEvent::eventId).toList());
        });
    }

    @Test
    void shouldEndTheBurstWhenTheAccountsEventTimePassesWindowAndGrace() {
        // Given a burst whose last failure is at minute 4
        failuresAt(0, 1, 2, 3, 4);
        driver.alerts();

        // When the account's event time reaches minute 33 (4 + 15 window + 15 grace - 1)
        accountEventAt(33.9);

        // Then the burst is still open
        assertThat(driver.alerts()).isEmpty();

        // When it passes minute 34
        accountEventAt(34);

        // Then it ends
        assertThat(driver.alerts()).extracting(Alert::status).containsExactly(AlertStatus.RESOLVED);
    }

    @Test
    void shouldCountFiveFailuresSpanningExactlyTheWindow() {
        // Given five failures, the first and the last exactly 15 minutes apart
        failuresAt(0, 5, 10, 14, 15);

        // Then they make a burst
        assertThat(driver.alerts()).extracting(Alert::status).containsExactly(AlertStatus.FIRING);
    }

    @Test
    void shouldNotCountFailuresSpreadWiderThanTheWindow() {
        // Given five failures, never five within 15 minutes
        failuresAt(0, 4, 8, 12, 16.5, 20.6, 24.7);
        driver.endOfInput();

        // Then no burst
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldLetAStragglerWithinTheGraceCompleteTheThreshold() {
        // Given four failures, and the account's event time moved on to minute 14
        failuresAt(0, 1, 2, 3);
        accountEventAt(14);

        // When the fifth failure, from minute 4, arrives late but within the 15-minute grace
        failuresAt(4);

        // Then the burst fires
        assertThat(driver.alerts()).extracting(Alert::status).containsExactly(AlertStatus.FIRING);
        assertThat(driver.count("rootwatch.evaluator.late")).isZero();
    }

    @Test
    void shouldNotLetAStragglerBeyondTheGraceCompleteTheThreshold() {
        // Given four failures, and the account's event time moved on to minute 20
        failuresAt(0, 1, 2, 3);
        accountEventAt(20);

        // When the fifth failure, from minute 4, arrives 16 minutes behind the account's event time
        failuresAt(4);
        driver.endOfInput();

        // Then it is late: counted, but it completes nothing
        assertThat(driver.alerts()).isEmpty();
        assertThat(driver.count("rootwatch.evaluator.late")).isEqualTo(1.0);
    }

    @Test
    void shouldCountAFailureDeliveredByTwoSourcesOnce() {
        // Given four failures, the fourth delivered by SQS and again by S3 (same eventID)
        failuresAt(0, 1, 2);
        TrailEvent fourth = rootConsoleLoginFailure().at(minute(3)).via(IngestSource.SQS).build();
        driver.send(fourth);
        driver.send(rootConsoleLoginFailure().at(minute(3)).eventId(fourth.eventId()).via(IngestSource.S3));

        // Then the copy is a duplicate, not a fifth failure
        assertThat(driver.alerts()).isEmpty();
        assertThat(driver.count("rootwatch.evaluator.duplicates")).isEqualTo(1.0);

        // When a real fifth arrives, the burst fires with five distinct failures
        failuresAt(4);
        assertThat(driver.alerts()).singleElement()
                .satisfies(alert -> assertThat(alert.details()).containsEntry("failureCount", 5));
    }

    @Test
    void shouldGiveALaterBurstItsOwnIncident() {
        // Given a burst that ended
        failuresAt(0, 1, 2, 3, 4);
        accountEventAt(60);
        List<Alert> first = driver.alerts();
        assertThat(first).extracting(Alert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);

        // When another burst follows an hour later
        failuresAt(61, 62, 63, 64, 65);

        // Then it fires as a new incident
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.fingerprint()).isNotEqualTo(first.get(0).fingerprint());
            assertThat(alert.details()).containsEntry("burst", 2);
        });
    }

    @Test
    void shouldUseTheConfiguredThresholdAndWindow() {
        Config config = TestSettings.onlyConfig(AlertType.ROOT_CONSOLE_LOGIN_FAILURES)
                .with(DetectionSettings.LOGIN_FAILURES_THRESHOLD, 3)
                .with(DetectionSettings.LOGIN_FAILURES_WINDOW, Duration.ofMinutes(2));
        try (EvaluatorDriver custom = new EvaluatorDriver(stateDir.resolve("custom"), EvaluatorSettings.from(config))) {
            // Given three failures within 3 minutes (too slow), then three within 2
            for (double m : new double[] {0, 1.5, 3, 10, 11, 12}) {
                custom.send(rootConsoleLoginFailure().at(minute(m)));
            }

            // Then only the second three are a burst
            assertThat(custom.alerts()).singleElement()
                    .satisfies(alert -> assertThat(alert.details()).containsEntry("failureCount", 3)
                            .containsEntry("firstFailureAt", minute(10).toString()));
        }
    }

    @Test
    void shouldIgnoreFailedSignInsOfIamUsers() {
        // Given five failed sign-ins of an IAM user
        for (int i = 0; i < 5; i++) {
            driver.send(rootConsoleLoginFailure().byIamUser("alice").at(minute(i)));
        }

        // Then they are not root's
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldCountFailuresWhosePasswordWasRight() {
        // Given five failures, two of them at the MFA step (MFAUsed "Yes")
        failuresAt(0, 1, 2);
        driver.send(rootConsoleLoginFailure().mfaUsed(true).at(minute(3)));
        driver.send(rootConsoleLoginFailure().mfaUsed(true).at(minute(4)));

        // Then the alert says the password was accepted twice
        assertThat(driver.alerts()).singleElement()
                .satisfies(alert -> assertThat(alert.details()).containsEntry("passwordAcceptedMfaFailed", 2));
    }
}
