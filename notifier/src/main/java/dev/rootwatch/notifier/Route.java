package dev.rootwatch.notifier;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which alerts one sink gets: at least {@code minSeverity}, of one of {@code types} (empty: any),
 * for one of {@code accounts} (empty: any), and RESOLVED ones only if {@code sendResolved}.
 */
public record Route(Severity minSeverity, Set<AlertType> types, Set<String> accounts, boolean sendResolved) {

    public Route {
        Objects.requireNonNull(minSeverity, "minSeverity");
        types = types == null || types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
        accounts = accounts == null ? Set.of() : Set.copyOf(accounts);
    }

    /** Every alert. */
    public static Route all() {
        return new Route(Severity.INFO, Set.of(), Set.of(), true);
    }

    public boolean accepts(Alert alert) {
        // Severity lists the most urgent first
        return alert.severity().ordinal() <= minSeverity.ordinal()
                && (types.isEmpty() || types.contains(alert.type()))
                && (accounts.isEmpty() || accounts.contains(alert.accountId()))
                && (sendResolved || alert.status() != AlertStatus.RESOLVED);
    }
}
