package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.TrailEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * PIPELINE_TAMPERING: a successful call, whoever made it, that cuts a part of the pipeline carrying
 * CloudTrail to rootwatch that the configuration names (see {@link PipelineChanges}). One alert per event.
 * With nothing configured it watches nothing, and the evaluator says so at start-up.
 */
final class PipelineTamperingDetection implements EventDetection {

    private final PipelineResources watched;

    PipelineTamperingDetection(PipelineResources watched) {
        this.watched = Objects.requireNonNull(watched, "watched");
    }

    @Override
    public AlertType type() {
        return AlertType.PIPELINE_TAMPERING;
    }

    @Override
    public List<AlertDraft> detect(TrailEvent event, AccountState account) {
        return PipelineChanges.of(event, watched).map(change -> List.of(draft(event, change))).orElse(List.of());
    }

    private AlertDraft draft(TrailEvent event, PipelineChanges.Change change) {
        String accountId = event.accountId();
        String title = change.cut().headline() + " in account " + accountId;
        String summary = change.cut().headline() + " (" + change.resourceType() + " " + change.resource()
                + ", which feeds rootwatch) in " + accountId + " (" + event.awsRegion() + ") by " + Texts.actor(event.actor())
                + " " + Texts.fromAddress(event) + " at " + event.eventTime() + ": " + change.cut().consequence() + ".";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("eventName", event.eventName());
        details.put("change", change.cut());
        details.put("resourceType", change.resourceType());
        details.put("resource", change.resource());
        if (change.after() != null) {
            details.put("after", change.after());
        }
        details.put("actorType", event.actor().type());
        details.put("actorMfaAuthenticated", event.actor().mfaAuthenticated());
        return AlertDraft.forEvent(type(), event, title, summary, details);
    }
}
