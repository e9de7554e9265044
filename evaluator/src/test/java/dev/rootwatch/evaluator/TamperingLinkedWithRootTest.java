package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.EVENT_TIME;
import static dev.rootwatch.evaluator.TrailEventBuilder.call;
import static dev.rootwatch.evaluator.TrailEventBuilder.rootConsoleLogin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.config.DetectionSettings;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import dev.rootwatch.common.model.TrailEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A weakened trail linked with root: made as root, or within the takeover window after a root console
 * sign-in without MFA. Raised to CRITICAL and naming the sign-in, in one alert, whichever arrives first.
 */
class TamperingLinkedWithRootTest {

    @TempDir
    Path stateDir;

    private EvaluatorDriver driver;

    private void start(AlertType... types) {
        driver = new EvaluatorDriver(stateDir, TestSettings.only(types));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private static TrailEventBuilder globalEventsOff() {
        return call("cloudtrail.amazonaws.com", "UpdateTrail", "{\"name\":\"management-events\",\"includeGlobalServiceEvents\":false}");
    }

    @Test
    void shouldRaiseAWeakeningMadeAsRootToCritical() {
        // Given root itself narrows the trail
        start(AlertType.CLOUDTRAIL_TAMPERING);
        driver.send(globalEventsOff().byRoot());

        // Then one CRITICAL alert says why
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.details()).containsEntry("raisedBecause", "ROOT_CALLER")
                    .containsEntry("change", "GLOBAL_SERVICE_EVENTS_DISABLED");
        });
    }

    @Test
    void shouldLinkAWeakeningWithTheRootSignInWithoutMfaBeforeIt() {
        // Given root signs in without MFA, and ten minutes later an IAM user stops logging
        start(AlertType.CLOUDTRAIL_TAMPERING);
        TrailEvent login = rootConsoleLogin().at(EVENT_TIME).build();
        TrailEvent stop = call("cloudtrail.amazonaws.com", "StopLogging", "{\"name\":\"management-events\"}")
                .at(EVENT_TIME.plus(Duration.ofMinutes(10))).build();
        driver.send(login).send(stop);

        // Then one CRITICAL tampering alert names the sign-in
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.eventIds()).containsExactly(stop.eventId(), login.eventId());
            assertThat(alert.details()).containsEntry("raisedBecause", "AFTER_ROOT_SIGN_IN_WITHOUT_MFA")
                    .containsEntry("rootLoginEventId", login.eventId())
                    .containsEntry("rootLoginAt", EVENT_TIME.toString());
            assertThat(alert.summary()).contains("It came 10 min after a root console sign-in without MFA");
        });
    }

    @Test
    void shouldPageOncePerEventWhenRootSignsInAndWeakensTheTrail() {
        // Given every detection that such a session could raise
        start(AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA, AlertType.CLOUDTRAIL_TAMPERING, AlertType.ROOT_ACTIVITY,
                AlertType.ROOT_TAKEOVER_SEQUENCE);
        TrailEvent login = rootConsoleLogin().at(EVENT_TIME).build();

        // When root signs in without MFA and then narrows the event selectors itself
        driver.send(login);
        driver.send(call("cloudtrail.amazonaws.com", "PutEventSelectors",
                "{\"trailName\":\"management-events\",\"eventSelectors\":[{\"includeManagementEvents\":false}]}")
                .byRoot().at(EVENT_TIME.plus(Duration.ofMinutes(3))));
        driver.endOfInput();

        // Then the sign-in is one alert and the weakening one more, CRITICAL and linked; no root-activity alert
        List<Alert> alerts = driver.alerts();
        assertThat(alerts).extracting(Alert::type)
                .containsExactly(AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA, AlertType.CLOUDTRAIL_TAMPERING);
        assertThat(alerts.get(1).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alerts.get(1).details()).containsEntry("rootLoginEventId", login.eventId());
    }

    @Test
    void shouldNotLinkASignInWithMfaAnotherAccountsOrOneOutsideTheWindow() {
        // Given a root sign-in with MFA, one without MFA in another account, and one 31 minutes before the weakening
        start(AlertType.CLOUDTRAIL_TAMPERING);
        driver.send(rootConsoleLogin().mfaUsed(true).at(EVENT_TIME.plus(Duration.ofMinutes(30))));
        driver.send(rootConsoleLogin().account("444455556666").at(EVENT_TIME.plus(Duration.ofMinutes(30))));
        driver.send(rootConsoleLogin().at(EVENT_TIME.minus(Duration.ofMinutes(1))));

        // When an IAM user narrows the trail 30 minutes after EVENT_TIME
        driver.send(globalEventsOff().at(EVENT_TIME.plus(Duration.ofMinutes(30))));

        // Then the tampering stays at its own severity
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(Severity.HIGH);
            assertThat(alert.details()).doesNotContainKeys("raisedBecause", "rootLoginEventId");
        });
    }

    @Test
    void shouldRaiseTheSameIncidentWhenTheSignInArrivesAfterTheWeakening() {
        // Given the weakening arrives first, the root sign-in 5 minutes before it only later
        start(AlertType.CLOUDTRAIL_TAMPERING);
        TrailEvent weakening = globalEventsOff().at(EVENT_TIME.plus(Duration.ofMinutes(5))).build();
        TrailEvent login = rootConsoleLogin().at(EVENT_TIME).build();
        driver.send(weakening);
        Alert first = driver.alerts().get(0);
        assertThat(first.severity()).isEqualTo(Severity.HIGH);

        // When the sign-in arrives, and another sign-in covering it after that
        driver.send(login);
        driver.send(rootConsoleLogin().at(EVENT_TIME.plus(Duration.ofMinutes(1))));

        // Then the weakening's incident is raised once: same fingerprint, a new alert id, CRITICAL, naming the sign-in
        assertThat(driver.alerts()).singleElement().satisfies(raised -> {
            assertThat(raised.type()).isEqualTo(AlertType.CLOUDTRAIL_TAMPERING);
            assertThat(raised.fingerprint()).isEqualTo(first.fingerprint());
            assertThat(raised.alertId()).isNotEqualTo(first.alertId());
            assertThat(raised.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(raised.title()).isEqualTo(first.title());
            assertThat(raised.eventIds()).containsExactly(weakening.eventId(), login.eventId());
            assertThat(raised.details()).containsEntry("weakeningEventId", weakening.eventId())
                    .containsEntry("rootLoginEventId", login.eventId())
                    .containsEntry("change", "GLOBAL_SERVICE_EVENTS_DISABLED");
        });
    }

    @Test
    void shouldNeverRaiseBelowTheTypesOwnSeverity() {
        // Given the root severity configured below HIGH
        driver = new EvaluatorDriver(stateDir, EvaluatorSettings.from(TestSettings.onlyConfig(AlertType.CLOUDTRAIL_TAMPERING)
                .with(DetectionSettings.TAMPERING_ROOT_SEVERITY, Severity.LOW)));

        // When root narrows the trail
        driver.send(globalEventsOff().byRoot());

        // Then the alert keeps HIGH
        assertThat(driver.alerts()).singleElement().extracting(Alert::severity).isEqualTo(Severity.HIGH);
    }
}
