package dev.rootwatch.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Validated configuration: every known setting with its value (from file, environment or default). */
public final class Config {

    private final Map<String, Object> values;

    Config(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** All defaults, no file, no environment. */
    public static Config defaults() {
        return ConfigLoader.load(null, Map.of());
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Object value = values.get(setting.key());
        if (value == null && !values.containsKey(setting.key())) {
            throw new IllegalArgumentException("unknown setting " + setting.key());
        }
        return (T) value;
    }

    /** A copy with some settings changed, for the command line and tests. */
    public <T> Config with(Setting<T> setting, T value) {
        Objects.requireNonNull(value, setting.key());
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(setting.key(), value);
        return new Config(copy);
    }
}
