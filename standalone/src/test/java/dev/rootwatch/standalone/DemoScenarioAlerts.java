package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the bundled demo scenario must raise, shared by the tests that run it through different brokers. */
final class DemoScenarioAlerts {

    static final String PROD = "111122223333";
    static final String SANDBOX = "444455556666";

    private DemoScenarioAlerts() {
    }

    /** Copies the bundled demo files into {@code dir}, in their order. */
    static void copyInto(Path dir) throws IOException {
        for (DemoScenario.Step step : DemoScenario.load().steps()) {
            try (InputStream in = step.open()) {
                Files.copy(in, dir.resolve(step.resource()));
            }
        }
    }

    static List<Alert> read(Path jsonLines) throws IOException {
        List<Alert> alerts = new ArrayList<>();
        for (String line : Files.readAllLines(jsonLines)) {
            alerts.add(Json.mapper().readValue(line, Alert.class));
        }
        return alerts;
    }

    /** The exact alert set of the scenario, in per-account order, and the lifecycle facts that go with it. */
    static void assertExactly(List<Alert> alerts) {
        String login = "7c0e1a52-0001-4c1e-9d1a-demo00000001";
        String listBuckets = "7c0e1a52-0003-4c1e-9d1a-demo00000003";
        String aliceDeactivated = "7c0e1a52-0005-4c1e-9d1a-demo00000005";
        String rootDeactivated = "7c0e1a52-0006-4c1e-9d1a-demo00000006";
        String loginWithoutMfa = "7c0e1a52-0007-4c1e-9d1a-demo00000007";
        String deleted = "7c0e1a52-0009-4c1e-9d1a-demo00000009";
        assertThat(alerts)
                .extracting(Alert::accountId, Alert::type, Alert::status, Alert::eventIds)
                .containsExactlyInAnyOrder(
                        tuple(PROD, AlertType.ROOT_HARDWARE_MFA_MISSING, AlertStatus.FIRING, List.of()),
                        tuple(SANDBOX, AlertType.ROOT_HARDWARE_MFA_MISSING, AlertStatus.FIRING, List.of()),
                        tuple(PROD, AlertType.ROOT_CONSOLE_LOGIN, AlertStatus.FIRING, List.of(login)),
                        tuple(PROD, AlertType.ROOT_ACTIVITY, AlertStatus.FIRING, List.of(listBuckets)),
                        tuple(PROD, AlertType.ROOT_MFA_DEVICE_DEACTIVATED, AlertStatus.FIRING, List.of(rootDeactivated)),
                        tuple(PROD, AlertType.ROOT_TAKEOVER_SEQUENCE, AlertStatus.FIRING, List.of(login, rootDeactivated)),
                        tuple(PROD, AlertType.ROOT_MFA_DISABLED, AlertStatus.FIRING, List.of()),
                        tuple(PROD, AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA, AlertStatus.FIRING, List.of(loginWithoutMfa)),
                        tuple(SANDBOX, AlertType.ROOT_MFA_DEVICE_DELETED, AlertStatus.FIRING, List.of(deleted)),
                        tuple(PROD, AlertType.ROOT_MFA_DISABLED, AlertStatus.RESOLVED, List.of()),
                        tuple(SANDBOX, AlertType.ROOT_HARDWARE_MFA_MISSING, AlertStatus.RESOLVED, List.of()),
                        tuple(PROD, AlertType.ROOT_ACTIVITY, AlertStatus.RESOLVED, List.of(listBuckets, aliceDeactivated)));
        // one account's alerts keep the order of its input
        List<Alert> prod = alerts.stream().filter(a -> a.accountId().equals(PROD)).toList();
        assertThat(prod).extracting(Alert::type).containsSubsequence(AlertType.ROOT_CONSOLE_LOGIN,
                AlertType.ROOT_MFA_DEVICE_DEACTIVATED, AlertType.ROOT_MFA_DISABLED, AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA,
                AlertType.ROOT_MFA_DISABLED, AlertType.ROOT_ACTIVITY);
        // FIRING and RESOLVED of one incident share its fingerprint; every emission has its own id
        for (AlertType type : List.of(AlertType.ROOT_MFA_DISABLED, AlertType.ROOT_ACTIVITY)) {
            List<Alert> incident = prod.stream().filter(a -> a.type() == type).toList();
            assertThat(incident).extracting(Alert::fingerprint).as(type.name()).containsOnly(incident.get(0).fingerprint());
        }
        assertThat(alerts).extracting(Alert::alertId).doesNotHaveDuplicates();
    }
}
