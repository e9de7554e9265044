package dev.rootwatch.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code rootwatch.event/v1}: one relevant CloudTrail event, normalized by the collector, with
 * the original event kept in {@code raw}. Keyed by {@code accountId} on the events topic.
 */
public record TrailEvent(
        String schema,
        String eventId,
        String accountId,
        Instant eventTime,
        String eventSource,
        String eventName,
        String awsRegion,
        Actor actor,
        String sourceIp,
        String userAgent,
        Outcome outcome,
        String errorCode,
        String errorMessage,
        Boolean mfaUsed,
        String mfaIdentifier,
        Target target,
        Ingest ingest,
        JsonNode raw) {

    public static final String SCHEMA = "rootwatch.event/v1";

    public TrailEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(eventSource, "eventSource");
        Objects.requireNonNull(eventName, "eventName");
        schema = schema == null ? SCHEMA : schema;
        actor = actor == null ? new Actor(null, null, null, null, null) : actor;
        target = target == null ? Target.NONE : target;
        outcome = outcome == null ? Outcome.SUCCESS : outcome;
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCESS;
    }

    public boolean is(String source, String name) {
        return eventSource.equals(source) && eventName.equals(name);
    }
}
