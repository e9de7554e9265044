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
        assertThat(alerts)
                .extracting(Alert::type, Alert::status, Alert::accountId, Alert::eventIds)
                .containsExactlyInAnyOrder(
                        tuple(AlertType.ROOT_CONSOLE_LOGIN, AlertStatus.FIRING, PROD, List.of("7c0e1a52-0001-4c1e-9d1a-demo00000001")),
                        tuple(AlertType.ROOT_MFA_DEVICE_DEACTIVATED, AlertStatus.FIRING, PROD,
                                List.of("7c0e1a52-0006-4c1e-9d1a-demo00000006")),
                        tuple(AlertType.ROOT_MFA_DISABLED, AlertStatus.FIRING, PROD, List.of()),
                        tuple(AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA, AlertStatus.FIRING, PROD,
                                List.of("7c0e1a52-0007-4c1e-9d1a-demo00000007")),
                        tuple(AlertType.ROOT_MFA_DEVICE_DELETED, AlertStatus.FIRING, SANDBOX,
                                List.of("7c0e1a52-0009-4c1e-9d1a-demo00000009")),
                        tuple(AlertType.ROOT_MFA_DISABLED, AlertStatus.RESOLVED, PROD, List.of()));
        List<Alert> prod = alerts.stream().filter(a -> a.accountId().equals(PROD)).toList();
        assertThat(prod).extracting(Alert::type).containsExactly(AlertType.ROOT_CONSOLE_LOGIN,
                AlertType.ROOT_MFA_DEVICE_DEACTIVATED, AlertType.ROOT_MFA_DISABLED, AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA,
                AlertType.ROOT_MFA_DISABLED);
        List<Alert> disabled = prod.stream().filter(a -> a.type() == AlertType.ROOT_MFA_DISABLED).toList();
        assertThat(disabled.get(0).fingerprint()).as("FIRING and RESOLVED share the incident's fingerprint")
                .isEqualTo(disabled.get(1).fingerprint());
        assertThat(alerts).extracting(Alert::alertId).doesNotHaveDuplicates();
    }
}
