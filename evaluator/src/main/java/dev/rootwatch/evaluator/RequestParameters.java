package dev.rootwatch.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.rootwatch.common.model.TrailEvent;

/** Reading a CloudTrail event's {@code requestParameters}: null, omitted or oddly typed values read as absent. */
final class RequestParameters {

    private RequestParameters() {
    }

    /** The event's {@code requestParameters}; a missing node where the event has none. */
    static JsonNode of(TrailEvent event) {
        return event.raw() == null ? MissingNode.getInstance() : event.raw().path("requestParameters");
    }

    /** The string value of {@code field}; null where it is absent or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
