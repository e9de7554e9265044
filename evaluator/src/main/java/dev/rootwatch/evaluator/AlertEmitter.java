package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.Compliance;
import dev.rootwatch.common.model.SuppressionRule;
import dev.rootwatch.common.text.LogSafe;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way alerts leave the evaluator: made by {@link AlertFactory}, marked where a suppression
 * rule matches, forwarded keyed by account id, counted and logged (one INFO line, no payload).
 */
final class AlertEmitter {

    private static final Logger LOGGER = LoggerFactory.getLogger(AlertEmitter.class);

    private final AlertFactory factory;
    private final Suppressions suppressions;
    private final EvaluatorMetrics metrics;
    private final ProcessorContext<String, EvaluatorOutput> context;

    AlertEmitter(AlertFactory factory, Suppressions suppressions, EvaluatorMetrics metrics,
                 ProcessorContext<String, EvaluatorOutput> context) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.suppressions = Objects.requireNonNull(suppressions, "suppressions");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * @param accountId  the account the alert is about (its key on the alerts topic)
     * @param draft      what the detection decided
     * @param compliance the account's current posture compliance, or null where unknown
     * @param timestamp  Kafka timestamp of the alert record
     * @return the alert as emitted
     */
    Alert emit(String accountId, AlertDraft draft, Compliance compliance, long timestamp) {
        Alert alert = factory.create(accountId, draft, compliance);
        Optional<SuppressionRule> rule = suppressions.match(alert);
        if (rule.isPresent()) {
            alert = Suppressions.mark(alert, rule.get());
            metrics.suppressed(alert);
            LOGGER.info("alert suppressed type={} status={} accountId={} alertId={} reason={}", alert.type(),
                    alert.status(), LogSafe.escape(accountId, 40), alert.alertId(), LogSafe.escape(rule.get().reason(), 200));
        }
        context.forward(new Record<>(accountId, new EvaluatorOutput.AlertOutput(alert), timestamp));
        if (Boolean.TRUE.equals(alert.details().get(Alert.REFRESH))) {
            // nothing new happened: not an alert to count, nor a line to read every minute
            LOGGER.debug("open incident refreshed type={} accountId={} fingerprint={}", alert.type(),
                    LogSafe.escape(accountId, 40), alert.fingerprint());
            return alert;
        }
        metrics.alert(alert);
        LOGGER.info("alert emitted type={} status={} severity={} accountId={} alertId={} fingerprint={}",
                alert.type(), alert.status(), alert.severity(), LogSafe.escape(accountId, 40), alert.alertId(), alert.fingerprint());
        return alert;
    }
}
