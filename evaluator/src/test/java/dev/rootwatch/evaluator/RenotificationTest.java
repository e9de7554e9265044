package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.PostureBuilder.OBSERVED_AT;
import static dev.rootwatch.evaluator.PostureBuilder.compliant;
import static dev.rootwatch.evaluator.PostureBuilder.nonCompliant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.config.DetectionSettings;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ROOT_MFA_DISABLED still firing is re-notified every 4 h instead of going quiet. */
class RenotificationTest {

    @TempDir
    Path stateDir;

    private static Instant minute(long n) {
        return OBSERVED_AT.plusSeconds(60 * n);
    }

    private static EvaluatorSettings onlyMfaDisabled() {
        return TestSettings.only(AlertType.ROOT_MFA_DISABLED);
    }

    @Test
    void shouldRenotifyByObservationTimeInReplay() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir, onlyMfaDisabled())) {
            List<Alert> all = new ArrayList<>();

            // Given an open incident
            driver.send(nonCompliant().at(minute(0)));
            Alert firing = driver.alerts().get(0);
            all.add(firing);

            // When the account is still non-compliant 3 h 59 min later
            driver.send(nonCompliant().at(minute(239)));

            // Then nothing yet
            assertThat(driver.alerts()).isEmpty();

            // When it is still non-compliant 4 h after the FIRING
            driver.send(nonCompliant().at(minute(240)));

            // Then on-call is told again: FIRING, same fingerprint, a new alert id, renotification 1
            Alert first = driver.alerts().get(0);
            all.add(first);
            assertThat(first.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(first.fingerprint()).isEqualTo(firing.fingerprint());
            assertThat(first.title()).isEqualTo("Root user still has no MFA in account 111122223333");
            assertThat(first.details()).containsEntry("renotification", 1)
                    .containsEntry("openedAt", minute(0).toString())
                    .containsEntry("openForMinutes", 240);
            assertThat(driver.count("rootwatch.evaluator.renotifications")).isEqualTo(1.0);

            // When 4 h pass again, then a second reminder
            driver.send(nonCompliant().at(minute(300)));
            assertThat(driver.alerts()).isEmpty();
            driver.send(nonCompliant().at(minute(480)));
            Alert second = driver.alerts().get(0);
            all.add(second);
            assertThat(second.details()).containsEntry("renotification", 2);

            // When MFA is back, the incident resolves under the same fingerprint
            driver.send(compliant().at(minute(500)));
            Alert resolved = driver.alerts().get(0);
            all.add(resolved);
            assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(all).extracting(Alert::fingerprint).containsOnly(firing.fingerprint());
            assertThat(all).extracting(Alert::alertId).doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldNotRenotifyWhenSwitchedOff() {
        EvaluatorSettings settings = EvaluatorSettings.from(TestSettings.onlyConfig(AlertType.ROOT_MFA_DISABLED)
                .with(DetectionSettings.RENOTIFY_EVERY, Duration.ZERO));
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir, settings)) {
            driver.send(nonCompliant().at(minute(0)));
            driver.send(nonCompliant().at(minute(600)));

            assertThat(driver.alerts()).hasSize(1);
        }
    }

    @Test
    void shouldRenotifyByWallClockWhenLive() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir, onlyMfaDisabled(), true)) {
            // Given an incident that fired (posture observed now)
            driver.send(nonCompliant().at(EvaluatorDriver.WALL_CLOCK));
            Alert firing = driver.alerts().get(0);

            // When 3 hours pass on the wall clock, nothing
            driver.advanceWallClock(Duration.ofHours(3));
            assertThat(driver.alerts()).isEmpty();

            // When 4 hours have passed, it is re-notified without any new input
            driver.advanceWallClock(Duration.ofHours(1));
            assertThat(driver.alerts()).singleElement().satisfies(alert -> {
                assertThat(alert.fingerprint()).isEqualTo(firing.fingerprint());
                assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
                assertThat(alert.details()).containsEntry("renotification", 1);
            });

            // When it resolves, the reminders stop
            driver.send(compliant().at(EvaluatorDriver.WALL_CLOCK.plus(Duration.ofHours(5))));
            assertThat(driver.alerts()).extracting(Alert::status).containsExactly(AlertStatus.RESOLVED);
            driver.advanceWallClock(Duration.ofHours(8));
            assertThat(driver.alerts()).isEmpty();
        }
    }
}
