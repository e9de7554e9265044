package dev.rootwatch.common.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key: its dotted name, default, description and how its text is read.
 * Each setting is declared once, in {@link Settings}; the README's table is generated from there.
 *
 * @param key          dotted name as written in the YAML file, e.g. {@code kafka.topicPrefix}
 * @param typeName     what the value is, as shown in the reference table
 * @param defaultValue the value when neither file nor environment gives one
 * @param parser       reads the value from its text form; throws IllegalArgumentException with a reason
 * @param description  one sentence for the reference table
 */
public record Setting<T>(String key, String typeName, T defaultValue, Function<String, T> parser, String description) {

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(description, "description");
    }

    /** The environment variable that overrides this key: {@code kafka.topicPrefix} → {@code ROOTWATCH_KAFKA_TOPIC_PREFIX}. */
    public String environmentVariable() {
        StringBuilder sb = new StringBuilder("ROOTWATCH_");
        char previous = '.';
        for (char c : key.toCharArray()) {
            if (c == '.' || c == '-') {
                sb.append('_');
            } else if (Character.isUpperCase(c) && Character.isLowerCase(previous)) {
                sb.append('_').append(c);
            } else {
                sb.append(Character.toUpperCase(c));
            }
            previous = c;
        }
        return sb.toString();
    }

    public T parse(String text) {
        return parser.apply(text.trim());
    }

    /** The default as text, for the reference table. */
    public String defaultText() {
        if (defaultValue == null) {
            return "";
        }
        return ValueParsers.format(defaultValue);
    }
}
