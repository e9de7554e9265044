package dev.rootwatch.collector.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A JSON fixture of src/test/resources/fixtures with {@code ${NAME}} placeholders filled in. */
public final class Fixture {

    private final String template;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Fixture(String template) {
        this.template = template;
    }

    public static Fixture load(String name) {
        try (InputStream in = Fixture.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new Fixture(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fills {@code ${name}} with {@code value} as it is (the template puts it inside quotes). */
    public Fixture with(String name, String value) {
        values.put(name, value);
        return this;
    }

    /** Fills {@code "${name}"} with {@code text} escaped as JSON string content (an SNS Message). */
    public Fixture withJsonString(String name, String text) {
        try {
            String quoted = Json.mapper().writeValueAsString(text);
            return with(name, quoted.substring(1, quoted.length() - 1));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String text() {
        String out = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            out = out.replace("${" + e.getKey() + "}", e.getValue());
        }
        if (out.contains("${")) {
            throw new IllegalStateException("unfilled placeholder in fixture: " + out.substring(out.indexOf("${"), out.indexOf("${") + 20));
        }
        return out;
    }

    /** The text on one line (an SQS body as SNS would send it). */
    public String compact() {
        return json().toString();
    }

    public ObjectNode json() {
        try {
            return (ObjectNode) Json.mapper().readTree(text());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fixture is not JSON", e);
        }
    }
}
