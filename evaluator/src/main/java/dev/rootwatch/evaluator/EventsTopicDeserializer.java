package dev.rootwatch.evaluator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.common.model.Watermark;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a value of the events topic as a {@code rootwatch.event/v1} (also when it names no
 * schema), a {@code rootwatch.watermark/v1} or a {@code rootwatch.posture/v1} (a replay writes its
 * posture between its events, in input order), by its {@code "schema"} field. Any other schema,
 * and anything that is not such a record, throws, so the record is dead-lettered.
 */
final class EventsTopicDeserializer implements Deserializer<EvaluatorInput> {

    private final ObjectMapper mapper = Json.mapper();

    @Override
    public EvaluatorInput deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            // rootwatch's own records name their schema first: read them straight into the record, without a tree first
            String first = leadingSchema(data);
            if (TrailEvent.SCHEMA.equals(first)) {
                return new EvaluatorInput.EventInput(mapper.readValue(data, TrailEvent.class));
            }
            JsonNode tree = mapper.readTree(data);
            if (tree == null || !tree.isObject()) {
                throw new SerializationException("not a JSON object on " + topic);
            }
            JsonNode schema = tree.get("schema");
            String name = schema == null || schema.isNull() ? TrailEvent.SCHEMA : schema.asText();
            if (Watermark.SCHEMA.equals(name)) {
                return new EvaluatorInput.WatermarkInput(mapper.treeToValue(tree, Watermark.class));
            }
            if (TrailEvent.SCHEMA.equals(name)) {
                return new EvaluatorInput.EventInput(mapper.treeToValue(tree, TrailEvent.class));
            }
            if (Posture.SCHEMA.equals(name)) {
                return new EvaluatorInput.PostureInput(mapper.treeToValue(tree, Posture.class));
            }
            throw new SerializationException("unknown schema on " + topic + " (expected " + TrailEvent.SCHEMA
                    + ", " + Watermark.SCHEMA + " or " + Posture.SCHEMA + ")");
        } catch (SerializationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("not a valid event, watermark or posture on " + topic + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** The value of the {@code schema} field when it is the object's first field; null otherwise. */
    private String leadingSchema(byte[] data) throws IOException {
        try (JsonParser p = mapper.getFactory().createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME || !"schema".equals(p.currentName())) {
                return null;
            }
            return p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : null;
        }
    }
}
