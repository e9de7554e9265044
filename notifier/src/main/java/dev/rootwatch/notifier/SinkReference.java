package dev.rootwatch.notifier;

import dev.rootwatch.common.config.SinkSettings;

/**
 * The sink configuration reference (Markdown) for the README, generated from {@link SinkType} and
 * {@link SinkField} so it cannot drift from the code.
 */
public final class SinkReference {

    private SinkReference() {
    }

    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("Each entry of `").append(SinkSettings.NOTIFIER_SINKS.key())
                .append("` is one sink. Secrets (routing keys, webhook URLs, HMAC keys, tokens) are never written in the")
                .append(" configuration: `secretEnv` names the environment variable and `secretFile` the file that holds them.")
                .append(" Alerts the evaluator marked suppressed (`\"suppressed\": true` in their details) go only to")
                .append(" `console` and `file` sinks.\n\n");
        sb.append("| type | delivers to | `url` | secret | pages | default `rateLimitPerSecond` |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (SinkType type : SinkType.values()) {
            sb.append("| `").append(type.wireName()).append("` | ").append(type.receiver()).append(" | ")
                    .append(url(type)).append(" | ")
                    .append(secret(type)).append(" | ")
                    .append(type.pages() ? "yes" : "no").append(" | ")
                    .append(type.defaultRateLimit() == null ? "unlimited" : format(type.defaultRateLimit())).append(" |\n");
        }
        sb.append("\n| field | applies to | default | description |\n");
        sb.append("|---|---|---|---|\n");
        for (SinkField field : SinkField.values()) {
            sb.append("| `").append(field.key()).append("` | ").append(field.appliesTo()).append(" | ")
                    .append(field.defaultText()).append(" | ").append(field.description()).append(" |\n");
        }
        return sb.toString();
    }

    private static String url(SinkType type) {
        return switch (type.url()) {
            case NONE -> "-";
            case OPTIONAL -> "optional";
            case REQUIRED -> "required";
            case IN_SECRET -> "the secret";
        };
    }

    private static String secret(SinkType type) {
        return switch (type.secret()) {
            case NONE -> "-";
            case OPTIONAL -> "optional: " + type.secretMeaning();
            case REQUIRED -> "required: " + type.secretMeaning();
        };
    }

    private static String format(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }
}
