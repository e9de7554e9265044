package dev.rootwatch.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads configuration: defaults, then the YAML file, then {@code ROOTWATCH_*} environment
 * variables. Unknown keys, in the file or the environment, stop start-up with a message that
 * names them; so do values that do not parse.
 */
public final class ConfigLoader {

    /** Environment variables of the launcher itself, not settings. */
    static final Set<String> LAUNCHER_VARIABLES = Set.of("ROOTWATCH_JAVA_OPTS", "ROOTWATCH_HOME", "ROOTWATCH_CONFIG",
            "ROOTWATCH_LOG_FORMAT", "ROOTWATCH_LOG_LEVEL");

    private ConfigLoader() {
    }

    /**
     * @param file        the YAML file, or null for none
     * @param environment the process environment (only {@code ROOTWATCH_*} names are read)
     */
    public static Config load(Path file, Map<String, String> environment) {
        Map<String, String> given = new TreeMap<>();
        if (file != null) {
            given.putAll(readYaml(file));
        }
        // environment values for list settings are JSON text, e.g. ROOTWATCH_EVALUATOR_SUPPRESSIONS='[{...}]'
        Map<String, String> byVariable = new LinkedHashMap<>();
        for (Setting<?> s : Settings.all()) {
            byVariable.put(s.environmentVariable(), s.key());
        }
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            if (!e.getKey().startsWith("ROOTWATCH_") || LAUNCHER_VARIABLES.contains(e.getKey())) {
                continue;
            }
            String key = byVariable.get(e.getKey());
            if (key == null) {
                unknown.add("environment variable " + e.getKey());
            } else {
                given.put(key, e.getValue());
            }
        }
        for (String key : given.keySet()) {
            if (!Settings.byKey().containsKey(key) && !unknown.contains("environment variable " + key)) {
                unknown.add("key '" + key + "'" + (file == null ? "" : " in " + file.getFileName()));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown configuration: " + String.join(", ", unknown)
                    + ". See the configuration reference in the README for the keys rootwatch knows.");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting<?> s : Settings.all()) {
            String text = given.get(s.key());
            if (text == null) {
                values.put(s.key(), s.defaultValue());
                continue;
            }
            try {
                values.put(s.key(), s.parse(text));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("invalid value for " + s.key() + ": " + e.getMessage());
            }
        }
        return new Config(values);
    }

    private static Map<String, String> readYaml(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> flat = new TreeMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return flat;
        }
        if (!root.isObject()) {
            throw new ConfigException("config file " + file + " must hold a YAML mapping of keys");
        }
        flatten("", root, flat, file);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                flatten(key, v, out, file);
            } else if (v.isValueNode() && !v.isNull()) {
                out.put(key, v.asText());
            } else if (v.isArray()) {
                // a list (of values or of small objects) travels as JSON text; its setting parses it
                out.put(key, v.toString());
            } else if (!v.isNull()) {
                throw new ConfigException("key '" + key + "' in " + file.getFileName() + " must be a single value");
            }
        }
    }
}
