package dev.rootwatch.common.config;

/** The configuration reference table (Markdown), generated from {@link Settings}. */
public final class ConfigReference {

    private ConfigReference() {
    }

    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| key | environment variable | type | default | description |\n");
        sb.append("|---|---|---|---|---|\n");
        for (Setting<?> s : Settings.all()) {
            sb.append("| `").append(s.key()).append("` | `").append(s.environmentVariable()).append("` | ")
                    .append(s.typeName()).append(" | ")
                    .append(s.defaultText().isEmpty() ? "" : "`" + s.defaultText() + "`").append(" | ")
                    .append(s.description()).append(" |\n");
        }
        return sb.toString();
    }
}
