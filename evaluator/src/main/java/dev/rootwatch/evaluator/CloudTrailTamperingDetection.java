package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.TrailEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CLOUDTRAIL_TAMPERING: a successful call, whoever made it, that stops, removes or narrows the trail
 * that tells rootwatch about root: StopLogging, DeleteTrail, and the weakenings {@link TrailChanges}
 * reads from the request. One alert per event, naming every weakened aspect in {@code details.changes}
 * and the most severe in {@code details.change}.
 */
final class CloudTrailTamperingDetection implements EventDetection {

    @Override
    public AlertType type() {
        return AlertType.CLOUDTRAIL_TAMPERING;
    }

    @Override
    public List<AlertDraft> detect(TrailEvent event, AccountState account) {
        return TrailChanges.of(event).map(change -> List.of(draft(event, change))).orElse(List.of());
    }

    private AlertDraft draft(TrailEvent event, TrailChange change) {
        String accountId = event.accountId();
        String title = change.headline() + " in account " + accountId;
        String consequences = change.weakened().stream().map(w -> w.change().consequence()).distinct()
                .collect(Collectors.joining("; "));
        String summary = change.headline() + " in " + accountId + " (" + event.awsRegion() + ") by "
                + Texts.actor(event.actor()) + " " + Texts.fromAddress(event) + " at " + event.eventTime() + ": "
                + consequences + ". rootwatch may go blind for this account.";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("eventName", event.eventName());
        details.put("change", change.weakened().get(0).change());
        details.put("changes", changes(change));
        details.put(change.subjectKey(), change.subject());
        details.put("actorType", event.actor().type());
        details.put("actorMfaAuthenticated", event.actor().mfaAuthenticated());
        return AlertDraft.forEvent(type(), event, title, summary, details);
    }

    private static List<Map<String, Object>> changes(TrailChange change) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TrailChange.Weakened weakened : change.weakened()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("change", weakened.change().name());
            one.put("setting", weakened.change().setting());
            if (weakened.before() != null) {
                one.put("before", weakened.before());
            }
            if (weakened.after() != null) {
                one.put("after", weakened.after());
            }
            out.add(one);
        }
        return List.copyOf(out);
    }
}
