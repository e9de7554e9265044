package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.SuppressionRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured suppression rules. A suppressed alert is still emitted, with
 * {@code details.suppressed = true} and {@code details.suppressedBy = <reason>}, so the record
 * keeps the evidence; the notifier decides not to page for it. The rule's time bounds are judged
 * on the alert's eventTime, so a replay is marked exactly as the live run was.
 */
final class Suppressions {

    static final String SUPPRESSED = "suppressed";
    static final String SUPPRESSED_BY = "suppressedBy";

    private final List<SuppressionRule> rules;

    Suppressions(List<SuppressionRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The first rule that matches {@code alert}, if any. */
    Optional<SuppressionRule> match(Alert alert) {
        return rules.stream()
                .filter(rule -> rule.matches(alert.accountId(), alert.sourceIp(), alert.type(), alert.eventTime()))
                .findFirst();
    }

    /** {@code alert} marked as suppressed by {@code rule}: everything else unchanged. */
    static Alert mark(Alert alert, SuppressionRule rule) {
        Map<String, Object> details = new LinkedHashMap<>(alert.details());
        details.put(SUPPRESSED, Boolean.TRUE);
        details.put(SUPPRESSED_BY, rule.reason());
        return new Alert(alert.schema(), alert.alertId(), alert.fingerprint(), alert.type(), alert.status(),
                alert.severity(), alert.accountId(), alert.title(), alert.summary(), alert.eventIds(), alert.eventTime(),
                alert.detectedAt(), alert.actor(), alert.sourceIp(), alert.userAgent(), alert.region(), alert.controls(),
                alert.runbook(), details);
    }
}
