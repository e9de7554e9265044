package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.RequestParameters.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.cloudtrail.BlindingCalls;
import dev.rootwatch.common.model.TrailEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads, from a successful call's {@code requestParameters}, whether it cut a part of the pipeline the
 * configuration names. Calls on other resources, refused calls, a PutRule that changes neither state nor
 * pattern and a SetQueueAttributes that leaves the policy alone are not cuts.
 */
final class PipelineChanges {

    /**
     * A cut.
     *
     * @param cut          what was done
     * @param resourceType EventBridge rule, SQS queue, S3 bucket or KMS key
     * @param resource     the resource as the configuration knows it (rule name, queue name, bucket name, key id)
     * @param after        what the request set, where it tells (a pattern, the removed target ids, the waiting days); may be null
     */
    record Change(PipelineCut cut, String resourceType, String resource, Object after) {

        Change {
            Objects.requireNonNull(cut, "cut");
        }
    }

    private PipelineChanges() {
    }

    static Optional<Change> of(TrailEvent event, PipelineResources watched) {
        if (!event.succeeded() || !BlindingCalls.PIPELINE_TAMPERING.contains(event.eventSource(), event.eventName())) {
            return Optional.empty();
        }
        JsonNode request = RequestParameters.of(event);
        return switch (event.eventSource()) {
            case "events.amazonaws.com" -> rule(event.eventName(), request, watched);
            case "sqs.amazonaws.com" -> queue(event.eventName(), request, watched);
            case "s3.amazonaws.com" -> bucket(event.eventName(), request, watched);
            case "kms.amazonaws.com" -> key(event, request, watched);
            default -> Optional.empty();
        };
    }

    private static Optional<Change> rule(String eventName, JsonNode request, PipelineResources watched) {
        String name = text(request, "RemoveTargets".equals(eventName) ? "rule" : "name");
        if (!watched.watchesRule(name)) {
            return Optional.empty();
        }
        String rule = PipelineResources.ruleName(name);
        return switch (eventName) {
            case "DisableRule" -> cut(PipelineCut.RULE_DISABLED, "EventBridge rule", rule, null);
            case "DeleteRule" -> cut(PipelineCut.RULE_DELETED, "EventBridge rule", rule, null);
            case "RemoveTargets" -> cut(PipelineCut.RULE_TARGETS_REMOVED, "EventBridge rule", rule, texts(request.path("ids")));
            default -> "DISABLED".equalsIgnoreCase(text(request, "state"))
                    ? cut(PipelineCut.RULE_DISABLED, "EventBridge rule", rule, "DISABLED")
                    : text(request, "eventPattern") != null
                    ? cut(PipelineCut.RULE_PATTERN_CHANGED, "EventBridge rule", rule, Bounded.text(text(request, "eventPattern")))
                    : Optional.empty();
        };
    }

    private static Optional<Change> queue(String eventName, JsonNode request, PipelineResources watched) {
        String url = text(request, "queueUrl");
        if (!watched.watchesQueue(url)) {
            return Optional.empty();
        }
        String queue = PipelineResources.queue(url).name();
        return switch (eventName) {
            case "DeleteQueue" -> cut(PipelineCut.QUEUE_DELETED, "SQS queue", queue, null);
            case "PurgeQueue" -> cut(PipelineCut.QUEUE_PURGED, "SQS queue", queue, null);
            default -> request.path("attributes").has("Policy")
                    ? cut(PipelineCut.QUEUE_POLICY_CHANGED, "SQS queue", queue, null) : Optional.empty();
        };
    }

    private static Optional<Change> bucket(String eventName, JsonNode request, PipelineResources watched) {
        String bucket = text(request, "bucketName");
        if (!watched.watchesBucket(bucket)) {
            return Optional.empty();
        }
        PipelineCut cut = switch (eventName) {
            case "PutBucketPolicy" -> PipelineCut.BUCKET_POLICY_CHANGED;
            case "DeleteBucketPolicy" -> PipelineCut.BUCKET_POLICY_DELETED;
            case "PutBucketLifecycle", "PutBucketLifecycleConfiguration" -> PipelineCut.BUCKET_LIFECYCLE_CHANGED;
            default -> PipelineCut.BUCKET_NOTIFICATION_CHANGED;
        };
        return cut(cut, "S3 bucket", PipelineResources.bucketName(bucket), null);
    }

    /** KMS requests name the key as the caller gave it (id, ARN, alias); the event's resources carry its ARN. */
    private static Optional<Change> key(TrailEvent event, JsonNode request, PipelineResources watched) {
        List<String> named = new ArrayList<>();
        named.add(text(request, "keyId"));
        if (event.raw() != null) {
            event.raw().path("resources").forEach(resource -> named.add(text(resource, "ARN")));
        }
        Optional<String> key = named.stream().filter(watched::watchesKey).findFirst();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String id = PipelineResources.keyId(key.get());
        return "DisableKey".equals(event.eventName()) ? cut(PipelineCut.KEY_DISABLED, "KMS key", id, null)
                : cut(PipelineCut.KEY_DELETION_SCHEDULED, "KMS key", id,
                        request.path("pendingWindowInDays").isNumber() ? request.path("pendingWindowInDays").asInt() : null);
    }

    private static Optional<Change> cut(PipelineCut cut, String resourceType, String resource, Object after) {
        return Optional.of(new Change(cut, resourceType, resource, after));
    }

    private static List<String> texts(JsonNode values) {
        List<String> out = new ArrayList<>();
        values.forEach(value -> out.add(Bounded.text(value.asText())));
        return List.copyOf(out);
    }

}
