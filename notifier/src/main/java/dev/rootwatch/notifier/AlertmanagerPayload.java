package dev.rootwatch.notifier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;

/**
 * The body of Alertmanager's {@code POST /api/v2/alerts} for one alert: a list of one postable
 * alert whose labels (alertname, type, severity, account_id, fingerprint) are the same for FIRING
 * and RESOLVED, so Alertmanager sees one alert that starts and ends, and existing routes and
 * silences apply. A RESOLVED alert carries {@code endsAt} now. A FIRING alert of an incident that
 * stays open until RESOLVED carries {@code endsAt} = the evaluator's {@code details.openUntil}, a few
 * refresh intervals ahead; the evaluator re-sends it (as a refresh) while the incident lasts, as
 * Prometheus re-sends a firing rule, so Alertmanager keeps it active for as long as it is open and
 * across restarts, and lets it expire only if rootwatch stops saying so. A one-shot alert carries
 * none: Alertmanager resolves it after its {@code resolve_timeout}. Annotations: summary (the title), description, runbook, alert_id.
 * Untrusted request details (user agent, source address) stay out: receivers render annotations
 * through their own templates.
 */
final class AlertmanagerPayload {

    static final int ANNOTATION_MAX = 2000;

    private AlertmanagerPayload() {
    }

    static ArrayNode of(Alert alert, URI generatorUrl, Instant now) {
        ArrayNode alerts = Json.mapper().createArrayNode();
        ObjectNode postable = alerts.addObject();
        ObjectNode labels = postable.putObject("labels");
        labels.put("alertname", alert.type().name());
        labels.put("type", alert.type().name());
        labels.put("severity", alert.severity().name().toLowerCase(Locale.ROOT));
        labels.put("account_id", Texts.plain(alert.accountId(), 64));
        labels.put("fingerprint", Texts.plain(alert.fingerprint(), 200));
        ObjectNode annotations = postable.putObject("annotations");
        annotations.put("summary", Texts.plain(alert.title() == null ? alert.type().name() : alert.title(), ANNOTATION_MAX));
        if (alert.summary() != null) {
            annotations.put("description", Texts.plain(alert.summary(), ANNOTATION_MAX));
        }
        if (alert.runbook() != null) {
            annotations.put("runbook", Texts.plain(alert.runbook(), ANNOTATION_MAX));
        }
        annotations.put("alert_id", Texts.plain(alert.alertId(), 200));
        Instant startsAt = AlertText.when(alert) != null ? AlertText.when(alert) : now;
        if (alert.status() == AlertStatus.RESOLVED) {
            Instant endsAt = alert.detectedAt() != null ? alert.detectedAt() : now;
            if (endsAt.isBefore(startsAt)) {
                startsAt = endsAt;
            }
            postable.put("startsAt", startsAt.toString());
            postable.put("endsAt", endsAt.toString());
        } else {
            postable.put("startsAt", startsAt.toString());
            Instant openUntil = AlertText.openUntil(alert);
            if (openUntil != null) {
                postable.put("endsAt", (openUntil.isAfter(now) ? openUntil : now.plusSeconds(60)).toString());
            }
        }
        if (generatorUrl != null) {
            postable.put("generatorURL", generatorUrl.toString());
        }
        return alerts;
    }
}
