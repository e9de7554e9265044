package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.PostureBuilder.compliant;
import static dev.rootwatch.evaluator.PostureBuilder.nonCompliant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live mode: an incident that lasts until RESOLVED says how long it is known to be open, and is sent
 * again before then, for receivers that expire alerts (Alertmanager) to keep it active while it lasts.
 */
class IncidentRefreshTest {

    @TempDir
    Path stateDir;

    @Test
    void keepsAnOpenIncidentOpenUntilFourRefreshIntervalsAheadAndRefreshesItUntilItIsResolved() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir, TestSettings.only(AlertType.ROOT_MFA_DISABLED), true)) {
            // Given ROOT_MFA_DISABLED fired now
            driver.send(nonCompliant().at(EvaluatorDriver.WALL_CLOCK));
            Alert firing = driver.alerts().get(0);

            // Then its FIRING says it is open until four refresh intervals (1 minute by default) from now
            assertThat(firing.details()).containsEntry(Alert.OPEN_UNTIL, EvaluatorDriver.WALL_CLOCK.plus(Duration.ofMinutes(4)).toString());

            // When two minutes pass on the wall clock
            driver.advanceWallClock(Duration.ofMinutes(1));
            driver.advanceWallClock(Duration.ofMinutes(1));

            // Then it was sent again each minute: same fingerprint, FIRING, marked a refresh, open four minutes on,
            // an id of its own each time, and nothing that pages
            List<Alert> refreshes = driver.refreshes();
            assertThat(refreshes).hasSizeGreaterThanOrEqualTo(2).allSatisfy(refresh -> {
                assertThat(refresh.fingerprint()).isEqualTo(firing.fingerprint());
                assertThat(refresh.status()).isEqualTo(AlertStatus.FIRING);
                assertThat(refresh.details()).containsEntry(Alert.REFRESH, true);
                assertThat(refresh.title()).isEqualTo(firing.title());
            });
            assertThat(refreshes).extracting(Alert::alertId).doesNotHaveDuplicates().doesNotContain(firing.alertId());
            Alert last = refreshes.get(refreshes.size() - 1);
            assertThat(Instant.parse((String) last.details().get(Alert.OPEN_UNTIL)))
                    .isEqualTo(last.eventTime().plus(Duration.ofMinutes(4)));
            assertThat(driver.alerts()).isEmpty();
            assertThat(driver.count("rootwatch.evaluator.refreshes")).isEqualTo(refreshes.size());
            assertThat(driver.count("rootwatch.evaluator.alerts", "type", "root_mfa_disabled", "status", "firing")).isEqualTo(1.0);

            // When it is resolved
            driver.send(compliant().at(EvaluatorDriver.WALL_CLOCK.plus(Duration.ofMinutes(3))));
            assertThat(driver.alerts()).extracting(Alert::status).containsExactly(AlertStatus.RESOLVED);

            // Then it is not sent again
            driver.advanceWallClock(Duration.ofMinutes(2));
            assertThat(driver.refreshes()).isEmpty();
        }
    }

    @Test
    void onlyIncidentsThatLastUntilResolvedAreRefreshed() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir, EvaluatorSettings.defaults(), true)) {
            // Given a root sign-in without MFA (one-shot), a root API call (a windowed session) and root without MFA (lasting)
            driver.send(TrailEventBuilder.rootConsoleLogin().at(EvaluatorDriver.WALL_CLOCK));
            driver.send(TrailEventBuilder.apiCall("iam.amazonaws.com", "ListUsers").at(EvaluatorDriver.WALL_CLOCK));
            driver.send(nonCompliant().at(EvaluatorDriver.WALL_CLOCK));
            assertThat(driver.alerts()).extracting(Alert::type).contains(AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA,
                    AlertType.ROOT_ACTIVITY, AlertType.ROOT_MFA_DISABLED);

            // When two minutes pass
            driver.advanceWallClock(Duration.ofMinutes(1));
            driver.advanceWallClock(Duration.ofMinutes(1));

            // Then only the lasting incident was sent again, as AlertType documents for the README
            assertThat(driver.refreshes()).isNotEmpty().extracting(Alert::type).containsOnly(AlertType.ROOT_MFA_DISABLED)
                    .allSatisfy(type -> assertThat(type.lasting()).isTrue());
        }
    }

    @Test
    void replayRefreshesNothingAndItsAlertsSayNothingOfOpenUntil() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir, TestSettings.only(AlertType.ROOT_MFA_DISABLED))) {
            driver.send(nonCompliant().at(EvaluatorDriver.WALL_CLOCK));

            assertThat(driver.alerts()).singleElement().satisfies(a -> assertThat(a.details()).doesNotContainKey(Alert.OPEN_UNTIL));
            assertThat(driver.refreshes()).isEmpty();
        }
    }
}
