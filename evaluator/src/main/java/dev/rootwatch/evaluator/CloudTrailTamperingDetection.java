package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.TrailEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CLOUDTRAIL_TAMPERING: a successful StopLogging or DeleteTrail, whoever made it. The trail is
 * what tells rootwatch about root; switching it off blinds the monitor.
 */
final class CloudTrailTamperingDetection implements EventDetection {

    static final Set<String> TAMPERING = Set.of("StopLogging", "DeleteTrail");

    @Override
    public AlertType type() {
        return AlertType.CLOUDTRAIL_TAMPERING;
    }

    @Override
    public List<AlertDraft> detect(TrailEvent event, AccountState account) {
        if (!Texts.CLOUDTRAIL.equals(event.eventSource()) || !TAMPERING.contains(event.eventName()) || !event.succeeded()) {
            return List.of();
        }
        String accountId = event.accountId();
        boolean stopped = "StopLogging".equals(event.eventName());
        String title = (stopped ? "CloudTrail logging stopped" : "CloudTrail trail deleted") + " in account " + accountId;
        String summary = (stopped ? "Logging of a CloudTrail trail was stopped" : "A CloudTrail trail was deleted")
                + " in " + accountId + " (" + event.awsRegion() + ") by " + Texts.actor(event.actor()) + " "
                + Texts.fromAddress(event) + " at " + event.eventTime() + ": rootwatch may go blind for this account.";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("eventName", event.eventName());
        details.put("trail", event.raw() == null ? null : event.raw().path("requestParameters").path("name").asText(null));
        details.put("actorType", event.actor().type());
        details.put("actorMfaAuthenticated", event.actor().mfaAuthenticated());
        return List.of(AlertDraft.forEvent(type(), event, title, summary, details));
    }
}
