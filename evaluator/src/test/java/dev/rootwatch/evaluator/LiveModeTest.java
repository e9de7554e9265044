package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.EvaluatorDriver.WALL_CLOCK;
import static dev.rootwatch.evaluator.TrailEventBuilder.apiCall;
import static dev.rootwatch.evaluator.TrailEventBuilder.rootConsoleLogin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.DetectionSettings;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only live mode does, by wall clock: TELEMETRY_SILENT and closing windows without further input. */
class LiveModeTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);

    @TempDir
    Path stateDir;

    private static EvaluatorSettings telemetry(List<String> accounts) {
        Config config = TestSettings.onlyConfig(AlertType.TELEMETRY_SILENT)
                .with(DetectionSettings.SILENT_ACCOUNTS, accounts);
        return EvaluatorSettings.from(config);
    }

    @Test
    void shouldFireWhenNoEventArrivesForTheConfiguredTimeAndResolveWhenEventsFlowAgain() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir, telemetry(List.of()), true)) {
            // Given events flowed, then stopped
            driver.send(rootConsoleLogin().mfaUsed(true).at(WALL_CLOCK));

            // When 23 hours pass on the wall clock, nothing
            driver.advanceWallClock(Duration.ofHours(23));
            assertThat(driver.alerts()).isEmpty();

            // When 24 hours have passed without any event
            driver.advanceWallClock(Duration.ofHours(1).plus(INTERVAL));

            // Then the whole feed is reported silent, once
            Alert firing = driver.alerts().get(0);
            assertThat(firing.type()).isEqualTo(AlertType.TELEMETRY_SILENT);
            assertThat(firing.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(firing.severity()).isEqualTo(Severity.HIGH);
            assertThat(firing.accountId()).isEqualTo(TelemetrySilentDetection.ALL_ACCOUNTS);
            assertThat(firing.details()).containsEntry("scope", "all-accounts")
                    .containsEntry("silentSince", WALL_CLOCK.toString());
            driver.advanceWallClock(Duration.ofHours(2));
            assertThat(driver.alerts()).isEmpty();

            // When an event arrives again
            driver.send(apiCall("s3.amazonaws.com", "ListBuckets").account("444455556666").at(WALL_CLOCK));

            // Then the silence resolves under the same fingerprint
            assertThat(driver.alerts()).singleElement().satisfies(alert -> {
                assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
                assertThat(alert.fingerprint()).isEqualTo(firing.fingerprint());
            });
        }
    }

    @Test
    void shouldWatchConfiguredAccountsOneByOneIncludingOnesNeverHeardFrom() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir,
                telemetry(List.of("111122223333", "444455556666")), true)) {
            // Given one watched account sends an event; the other never does; watching begins
            driver.send(rootConsoleLogin().mfaUsed(true).at(WALL_CLOCK));
            driver.advanceWallClock(INTERVAL);

            // When a day passes
            driver.advanceWallClock(Duration.ofHours(24));

            // Then each watched account is reported
            assertThat(driver.alerts()).extracting(Alert::accountId)
                    .containsExactlyInAnyOrder("111122223333", "444455556666");

            // When the first account's events flow again, and an unwatched account's too
            driver.send(apiCall("s3.amazonaws.com", "ListBuckets").account("999988887777").at(WALL_CLOCK));
            driver.send(apiCall("s3.amazonaws.com", "ListBuckets").at(WALL_CLOCK));

            // Then only the first account's silence resolves
            assertThat(driver.alerts()).extracting(alert -> alert.accountId() + " " + alert.status())
                    .containsExactly("111122223333 RESOLVED");
        }
    }

    @Test
    void shouldNotWatchTelemetryInReplay() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir, telemetry(List.of()))) {
            driver.send(rootConsoleLogin().mfaUsed(true));
            driver.advanceWallClock(Duration.ofDays(3));

            assertThat(driver.alerts()).isEmpty();
        }
        assertThat(EvaluatorTopology.build(EvaluatorDriver.TOPICS, telemetry(List.of()), false).describe()
                .subtopologies()).hasSize(1);
        assertThat(EvaluatorTopology.build(EvaluatorDriver.TOPICS, telemetry(List.of()), true).describe()
                .subtopologies()).hasSize(2);
    }

    @Test
    void shouldCloseAWindowByWallClockWithoutFurtherInput() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir, TestSettings.only(AlertType.ROOT_ACTIVITY), true)) {
            // Given a root call at 07:50 (the wall clock says 08:00): its session's hour ends at 08:00
            driver.send(apiCall("iam.amazonaws.com", "ListUsers").at(WALL_CLOCK.minus(Duration.ofMinutes(10))));
            assertThat(driver.alerts()).extracting(Alert::status).containsExactly(AlertStatus.FIRING);

            // When the wall clock reaches 08:10: still within the grace
            driver.advanceWallClock(Duration.ofMinutes(10));
            assertThat(driver.alerts()).isEmpty();

            // When it passes 08:15 (hour end + grace), the session concludes though no event came
            driver.advanceWallClock(Duration.ofMinutes(6));
            assertThat(driver.alerts()).extracting(Alert::status).containsExactly(AlertStatus.RESOLVED);
        }
    }
}
