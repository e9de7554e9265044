package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.RequestParameters.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.cloudtrail.BlindingCalls;
import dev.rootwatch.common.model.TrailEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads, from a successful call's {@code requestParameters}, whether it weakened the trail that feeds
 * rootwatch. A call that keeps or strengthens what is recorded (validation turned on, selectors keeping
 * every management event), a failed call and a call whose request CloudTrail did not record are not changes.
 */
final class TrailChanges {

    /** The service principal of CloudTrail's trusted access and delegated administrator in Organizations. */
    static final String CLOUDTRAIL_PRINCIPAL = "cloudtrail.amazonaws.com";

    private TrailChanges() {
    }

    static Optional<TrailChange> of(TrailEvent event) {
        if (!event.succeeded() || !BlindingCalls.TRAIL_TAMPERING.contains(event.eventSource(), event.eventName())) {
            return Optional.empty();
        }
        JsonNode request = RequestParameters.of(event);
        return switch (event.eventName()) {
            case "StopLogging" -> whole("CloudTrail logging stopped", "trail", text(request, "name"), TrailWeakening.LOGGING_STOPPED);
            case "DeleteTrail" -> whole("CloudTrail trail deleted", "trail", text(request, "name"), TrailWeakening.TRAIL_DELETED);
            case "UpdateTrail" -> updateTrail(request);
            case "PutEventSelectors" -> eventSelectors(request);
            case "DeleteEventDataStore" -> whole("CloudTrail event data store deleted", "eventDataStore",
                    text(request, "eventDataStore"), TrailWeakening.EVENT_DATA_STORE_DELETED);
            case "StopEventDataStoreIngestion" -> whole("CloudTrail event data store ingestion stopped", "eventDataStore",
                    text(request, "eventDataStore"), TrailWeakening.EVENT_DATA_STORE_INGESTION_STOPPED);
            case "DisableAWSServiceAccess" -> forCloudTrail(request, "CloudTrail trusted access disabled in the organization",
                    TrailWeakening.TRUSTED_ACCESS_DISABLED);
            case "DeregisterDelegatedAdministrator" -> forCloudTrail(request,
                    "CloudTrail delegated administrator deregistered", TrailWeakening.DELEGATED_ADMINISTRATOR_DEREGISTERED);
            default -> Optional.empty();
        };
    }

    private static Optional<TrailChange> whole(String headline, String subjectKey, String subject, TrailWeakening change) {
        return Optional.of(new TrailChange(headline, subjectKey, subject, List.of(TrailChange.Weakened.to(change, null))));
    }

    /** UpdateTrail sets only what it names; a flag set to false switches that coverage off. */
    private static Optional<TrailChange> updateTrail(JsonNode request) {
        List<TrailChange.Weakened> weakened = new ArrayList<>();
        for (TrailWeakening flag : List.of(TrailWeakening.GLOBAL_SERVICE_EVENTS_DISABLED, TrailWeakening.MULTI_REGION_DISABLED,
                TrailWeakening.ORGANIZATION_TRAIL_DISABLED, TrailWeakening.LOG_FILE_VALIDATION_DISABLED)) {
            if (ManagementCoverage.isFalse(request.path(flag.setting()))) {
                weakened.add(TrailChange.Weakened.to(flag, false));
            }
        }
        return weakened.isEmpty() ? Optional.empty()
                : Optional.of(new TrailChange("CloudTrail trail weakened", "trail", text(request, "name"), weakened));
    }

    /** PutEventSelectors sets basic or advanced selectors, replacing the trail's previous ones. */
    private static Optional<TrailChange> eventSelectors(JsonNode request) {
        ManagementCoverage coverage;
        String setting;
        if (request.path("advancedEventSelectors").isArray()) {
            coverage = ManagementCoverage.ofAdvancedEventSelectors(request.path("advancedEventSelectors"));
            setting = "advancedEventSelectors";
        } else if (request.path("eventSelectors").isArray()) {
            coverage = ManagementCoverage.ofEventSelectors(request.path("eventSelectors"));
            setting = "eventSelectors";
        } else {
            return Optional.empty();
        }
        List<TrailChange.Weakened> weakened = new ArrayList<>();
        for (TrailWeakening change : coverage.weakenings()) {
            Object after = switch (change) {
                case MANAGEMENT_EVENTS_EXCLUDED -> setting + ": no management events";
                case MANAGEMENT_WRITE_EVENTS_EXCLUDED -> "ReadOnly";
                case MANAGEMENT_READ_EVENTS_EXCLUDED -> "WriteOnly";
                default -> List.copyOf(coverage.excludedSources());
            };
            weakened.add(TrailChange.Weakened.to(change, after));
        }
        return weakened.isEmpty() ? Optional.empty()
                : Optional.of(new TrailChange("CloudTrail event selectors narrowed", "trail", text(request, "trailName"), weakened));
    }

    /** Organizations calls weaken the trail only where they are about CloudTrail's service principal. */
    private static Optional<TrailChange> forCloudTrail(JsonNode request, String headline, TrailWeakening change) {
        String principal = text(request, "servicePrincipal");
        if (!CLOUDTRAIL_PRINCIPAL.equals(principal)) {
            return Optional.empty();
        }
        // DeregisterDelegatedAdministrator names the account that was CloudTrail's administrator
        String account = text(request, "accountId");
        return Optional.of(new TrailChange(headline, "servicePrincipal", principal,
                List.of(new TrailChange.Weakened(change, account, null))));
    }

}
