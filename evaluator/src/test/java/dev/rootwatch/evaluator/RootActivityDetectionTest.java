package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.apiCall;
import static dev.rootwatch.evaluator.TrailEventBuilder.deactivateMfaDevice;
import static dev.rootwatch.evaluator.TrailEventBuilder.rootConsoleLogin;
import static dev.rootwatch.evaluator.TrailEventBuilder.signInEvent;
import static dev.rootwatch.evaluator.TrailEventBuilder.virtualSerial;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.DetectionSettings;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
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

class RootActivityDetectionTest {

    /** 10:05 UTC: sessions are reported per account, access key and UTC hour. */
    private static final Instant T0 = Instant.parse("2026-11-02T10:05:00Z");

    @TempDir
    Path stateDir;

    private EvaluatorDriver driver;

    @BeforeEach
    void startDriver() {
        driver = new EvaluatorDriver(stateDir);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private static Instant minute(double n) {
        return T0.plusSeconds((long) (60 * n));
    }

    private static TrailEvent call(String name, double minute) {
        return apiCall("iam.amazonaws.com", name).at(minute(minute)).build();
    }

    private List<Alert> rootActivity() {
        return driver.alerts().stream().filter(alert -> alert.type() == AlertType.ROOT_ACTIVITY).toList();
    }

    @Test
    void shouldFireOnTheFirstCallAndResolvePerSessionHourWithTheCount() {
        // Given a root console session that makes 30 calls within the hour
        List<TrailEvent> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(call(i % 2 == 0 ? "ListUsers" : "GetAccountSummary", i));
        }

        // When the first call arrives
        driver.send(calls.get(0));

        // Then on-call hears at once: one MEDIUM FIRING for the session
        List<Alert> firing = rootActivity();
        assertThat(firing).singleElement().satisfies(alert -> {
            assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(alert.eventIds()).containsExactly(calls.get(0).eventId());
            assertThat(alert.actor().accessKeyId()).isEqualTo("ASIAEXAMPLEROOTKEY01");
            assertThat(alert.details()).containsEntry("eventName", "ListUsers")
                    .containsEntry("slotStart", "2026-11-02T10:00:00Z")
                    .containsEntry("slotEnd", "2026-11-02T11:00:00Z");
        });

        // When the other 29 arrive
        calls.subList(1, calls.size()).forEach(driver::send);

        // Then they page nobody
        assertThat(rootActivity()).isEmpty();

        // When the input ends, the session's hour closes: RESOLVED with the count and the first 20 eventIDs
        driver.endOfInput();
        assertThat(rootActivity()).singleElement().satisfies(alert -> {
            assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(alert.fingerprint()).isEqualTo(firing.get(0).fingerprint());
            assertThat(alert.details()).containsEntry("callCount", 30)
                    .containsEntry("eventNames", List.of("ListUsers", "GetAccountSummary"))
                    .containsEntry("eventIdsTruncated", true);
            assertThat(alert.eventIds()).containsExactlyElementsOf(
                    calls.subList(0, 20).stream().map(TrailEvent::eventId).toList());
        });
    }

    @Test
    void shouldReportTheSameSessionInTheNextHourAgain() {
        // Given one session's calls in two UTC hours
        driver.send(call("ListUsers", 0)).send(call("ListUsers", 50)).send(call("ListUsers", 60));

        // Then each hour fires once; the first hour ended when the session's time passed 11:00 + grace
        driver.send(call("ListUsers", 71));
        assertThat(rootActivity()).extracting(Alert::status)
                .containsExactly(AlertStatus.FIRING, AlertStatus.FIRING, AlertStatus.RESOLVED);
    }

    @Test
    void shouldKeepSessionsOfTwoAccessKeysApart() {
        // Given two sessions in the same hour
        driver.send(call("ListUsers", 0));
        driver.send(apiCall("iam.amazonaws.com", "ListUsers").accessKey("ASIAOTHERSESSION0001").at(minute(1)));

        // Then each fires
        assertThat(rootActivity()).extracting(alert -> alert.details().get("accessKeyId"))
                .containsExactly("ASIAEXAMPLEROOTKEY01", "ASIAOTHERSESSION0001");
    }

    @Test
    void shouldNotReportTheSignInItself() {
        // Given root signs in and updates its password (sign-in events, reported by their own detections)
        driver.send(rootConsoleLogin().mfaUsed(true).at(minute(0)));
        driver.send(signInEvent("CheckMfa").at(minute(0)));
        driver.endOfInput();

        // Then there is no ROOT_ACTIVITY
        assertThat(rootActivity()).isEmpty();
    }

    @Test
    void shouldNotReportACallAnotherDetectionReported() {
        // Given root deactivates its own MFA (ROOT_MFA_DEVICE_DEACTIVATED) and then IAM user alice's
        driver.send(deactivateMfaDevice("AWS ROOT USER", PostureBuilder.ROOT_VIRTUAL).byRoot().at(minute(0)));
        TrailEvent forAlice = deactivateMfaDevice("alice", virtualSerial("alice")).byRoot().at(minute(1)).build();
        driver.send(forAlice);

        // Then only the call nobody else reported is root activity
        assertThat(rootActivity()).singleElement()
                .satisfies(alert -> assertThat(alert.eventIds()).containsExactly(forAlice.eventId()));
    }

    @Test
    void shouldApplyTheCisFilter() {
        // Given calls made for root by an AWS service, an AWS service event, and one by an IAM user
        driver.send(apiCall("iam.amazonaws.com", "ListUsers").invokedBy("cloudformation.amazonaws.com").at(minute(0)));
        driver.send(apiCall("sts.amazonaws.com", "GetCallerIdentity").eventType("AwsServiceEvent").at(minute(1)));
        driver.send(apiCall("iam.amazonaws.com", "ListUsers").byIamUser("alice").at(minute(2)));

        // Then none is root usage
        assertThat(rootActivity()).isEmpty();
    }

    @Test
    void shouldCountAStragglerOfAConcludedSessionWithoutReportingAgain() {
        // Given a session concluded when the account's event time passed its hour and the grace
        driver.send(call("ListUsers", 0)).send(call("ListUsers", 90));
        driver.alerts();

        // When a call of the concluded hour arrives late
        driver.send(call("GetAccountSummary", 30));

        // Then nothing is reported twice
        assertThat(rootActivity()).isEmpty();
        assertThat(driver.count("rootwatch.evaluator.late")).isEqualTo(1.0);
    }

    @Test
    void shouldFireAndConcludeASessionFirstSeenAfterItsHour() {
        // Given the account's event time is two hours on
        driver.send(call("ListUsers", 120));
        driver.alerts();

        // When a call of an hour nobody reported arrives late
        driver.send(apiCall("iam.amazonaws.com", "ListRoles").accessKey("ASIALATESESSION00001").at(minute(0)));

        // Then root activity is never lost: it fires and concludes at once
        assertThat(rootActivity()).extracting(Alert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    }

    @Test
    void shouldUseTheConfiguredSlotLength() {
        Config config = TestSettings.onlyConfig(AlertType.ROOT_ACTIVITY)
                .with(DetectionSettings.ROOT_ACTIVITY_WINDOW, Duration.ofMinutes(15));
        try (EvaluatorDriver quarterHours = new EvaluatorDriver(stateDir.resolve("q"), EvaluatorSettings.from(config))) {
            // Given calls at 10:05 and 10:20 with 15-minute slots
            quarterHours.send(call("ListUsers", 0)).send(call("ListUsers", 15));

            // Then they are two sessions
            assertThat(quarterHours.alerts()).extracting(Alert::status)
                    .containsExactly(AlertStatus.FIRING, AlertStatus.FIRING);
        }
    }
}
