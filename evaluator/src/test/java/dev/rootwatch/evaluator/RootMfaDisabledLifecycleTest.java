package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.PostureBuilder.OBSERVED_AT;
import static dev.rootwatch.evaluator.PostureBuilder.compliant;
import static dev.rootwatch.evaluator.PostureBuilder.nonCompliant;
import static dev.rootwatch.evaluator.PostureBuilder.notApplicable;
import static dev.rootwatch.evaluator.PostureBuilder.unknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootMfaDisabledLifecycleTest {

    @TempDir
    Path stateDir;

    private EvaluatorDriver driver;

    @BeforeEach
    void startDriver() {
        // ROOT_MFA_DISABLED alone: the fixtures' virtual device would also raise ROOT_HARDWARE_MFA_MISSING
        driver = new EvaluatorDriver(stateDir, TestSettings.only(AlertType.ROOT_MFA_DISABLED));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private static Instant minute(int n) {
        return OBSERVED_AT.plusSeconds(60L * n);
    }

    @Test
    void shouldFireOnceAndResolveWithTheSameFingerprint() {
        // Given a compliant account
        driver.send(compliant().at(minute(0)));
        assertThat(driver.alerts()).isEmpty();

        // When posture turns non-compliant
        driver.send(nonCompliant().at(minute(1)));

        // Then ROOT_MFA_DISABLED fires, critical, at the observation time
        List<Alert> firing = driver.alerts();
        assertThat(firing).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.ROOT_MFA_DISABLED);
            assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.eventTime()).isEqualTo(minute(1));
            assertThat(alert.eventIds()).isEmpty();
            assertThat(alert.title()).isEqualTo("Root user has no MFA in account 111122223333");
            assertThat(alert.details()).containsEntry("compliance", "NON_COMPLIANT")
                    .containsEntry("previousCompliance", "COMPLIANT");
        });

        // When the same non-compliant state is observed again
        driver.send(nonCompliant().at(minute(2)));

        // Then nothing more: one alert per incident
        assertThat(driver.alerts()).isEmpty();

        // When posture is compliant again
        driver.send(compliant().at(minute(3)));

        // Then RESOLVED carries the FIRING alert's fingerprint, under a new alert id
        List<Alert> resolved = driver.alerts();
        assertThat(resolved).singleElement().satisfies(alert -> {
            assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(alert.fingerprint()).isEqualTo(firing.get(0).fingerprint());
            assertThat(alert.alertId()).isNotEqualTo(firing.get(0).alertId());
            assertThat(alert.eventTime()).isEqualTo(minute(3));
            assertThat(alert.details()).containsEntry("openedAt", minute(1).toString());
        });
    }

    @Test
    void shouldFireWhenTheFirstPostureIsNonCompliant() {
        // Given no earlier posture, When the first one says root has no MFA
        driver.send(nonCompliant());

        // Then it fires
        assertThat(driver.alerts()).extracting(Alert::status).containsExactly(AlertStatus.FIRING);
    }

    @Test
    void shouldResolveWhenRootAccessIsCentralizedAndRootHasNoCredentials() {
        // Given an open incident
        driver.send(nonCompliant().at(minute(0)));
        String fingerprint = driver.alerts().get(0).fingerprint();

        // When the account's root credentials are removed (NOT_APPLICABLE)
        driver.send(notApplicable().at(minute(1)));

        // Then the incident resolves and says why
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(alert.fingerprint()).isEqualTo(fingerprint);
            assertThat(alert.title()).isEqualTo("Root MFA no longer applicable in account 111122223333");
            assertThat(alert.details()).containsEntry("compliance", "NOT_APPLICABLE");
        });
    }

    @Test
    void shouldNeitherFireNorResolveOnUnknownPosture() {
        // Given an account that could not be read
        driver.send(unknown("AccessDenied").at(minute(0)));

        // Then nothing fires
        assertThat(driver.alerts()).isEmpty();

        // Given an open incident, When the account becomes unreadable
        driver.send(nonCompliant().at(minute(1)));
        String fingerprint = driver.alerts().get(0).fingerprint();
        driver.send(unknown("Throttling").at(minute(2)));

        // Then the incident stays open: no RESOLVED
        assertThat(driver.alerts()).isEmpty();

        // And a later compliant posture resolves the same incident
        driver.send(compliant().at(minute(3)));
        assertThat(driver.alerts()).singleElement()
                .satisfies(alert -> assertThat(alert.fingerprint()).isEqualTo(fingerprint));
    }

    @Test
    void shouldOpenANewIncidentWithANewFingerprintAfterResolution() {
        // Given an incident that fired and resolved
        driver.send(nonCompliant().at(minute(0)));
        driver.send(compliant().at(minute(1)));
        String first = driver.alerts().get(0).fingerprint();

        // When root's MFA goes away again
        driver.send(nonCompliant().at(minute(2)));

        // Then a new incident fires, with its own fingerprint
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.fingerprint()).isNotEqualTo(first);
        });
    }

    @Test
    void shouldKeepIncidentsOfAccountsApart() {
        // Given two accounts without root MFA
        driver.send(nonCompliant().account("111122223333"));
        driver.send(nonCompliant().account("444455556666"));

        // When only the first is fixed
        driver.send(compliant().account("111122223333").at(minute(1)));

        // Then each fired once, and only the first resolved
        assertThat(driver.alertRecords())
                .extracting(r -> r.key() + " " + r.value().status())
                .containsExactly("111122223333 FIRING", "444455556666 FIRING", "111122223333 RESOLVED");
    }
}
