package dev.rootwatch.common.model;

/** The README's alert type table (Markdown), generated from {@link AlertType}. */
public final class AlertTypeReference {

    private AlertTypeReference() {
    }

    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| type | default severity | fires when | controls | in Alertmanager | runbook |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (AlertType type : AlertType.values()) {
            sb.append("| `").append(type.name()).append("` | ").append(type.defaultSeverity()).append(" | ")
                    .append(type.trigger()).append(" | ").append(String.join(", ", type.controls())).append(" | ")
                    .append(type.inAlertmanager()).append(" | ").append(type.runbook()).append(" |\n");
        }
        return sb.toString();
    }
}
