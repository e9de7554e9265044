package dev.rootwatch.standalone;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.rootwatch.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fault scenarios' results as {@code docs/reliability.md} shows them. Each scenario writes its
 * row to {@code target/reliability/<section>/<scenario>.json}; the section of the document between
 * {@code <!-- <section>:start -->} and {@code <!-- <section>:end -->} is then rendered anew from every
 * row present, so the table is what the last run of the suite measured.
 */
final class ReliabilityReport {

    static final Path ROWS = Path.of("target", "reliability");
    static final Path DOCUMENT = Path.of("..", "docs", "reliability.md");

    private ReliabilityReport() {
    }

    /** Records the outcome of one delivery scenario and renders its section. */
    static void record(String section, int order, DeliveryLedger ledger) {
        Map<String, Object> row = new TreeMap<>();
        row.put("order", order);
        row.put("scenario", ledger.scenario());
        row.put("done", ledger.done());
        row.put("sent", ledger.sent());
        row.put("delivered", ledger.delivered());
        row.put("duplicated", ledger.duplicated());
        row.put("lost", ledger.lost());
        row.put("deadLettered", ledger.deadLettered());
        row.put("resent", ledger.resent());
        row.put("recoverySeconds", ledger.recovery() == null ? null : Math.round(ledger.recovery().toMillis() / 100.0) / 10.0);
        write(section, ledger.scenario(), row);
        render(section, List.of("scenario", "what was done", "sent", "delivered", "duplicated", "lost", "dead-lettered",
                "re-sent (same key)", "recovery"), r -> List.of(
                "`" + r.get("scenario") + "`", String.valueOf(r.get("done")), str(r.get("sent")), str(r.get("delivered")),
                str(r.get("duplicated")), str(r.get("lost")), str(r.get("deadLettered")), str(r.get("resent")),
                r.get("recoverySeconds") == null ? "-" : r.get("recoverySeconds") + " s"));
    }

    private static String str(Object value) {
        return String.valueOf(value);
    }

    static void write(String section, String name, Map<String, Object> row) {
        try {
            Path file = ROWS.resolve(section).resolve(name + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, Json.mapper().writeValueAsString(row), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders every row of {@code section} as a Markdown table into the document, when the document is there. */
    static void render(String section, List<String> header, java.util.function.Function<Map<String, Object>, List<String>> cells) {
        try {
            List<Map<String, Object>> rows = new ArrayList<>();
            Path dir = ROWS.resolve(section);
            try (var files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    rows.add(Json.mapper().readValue(file.toFile(), new TypeReference<Map<String, Object>>() { }));
                }
            }
            rows.sort((a, b) -> Integer.compare(((Number) a.getOrDefault("order", 0)).intValue(),
                    ((Number) b.getOrDefault("order", 0)).intValue()));
            StringBuilder table = new StringBuilder();
            table.append("| ").append(String.join(" | ", header)).append(" |\n");
            table.append("|").append("---|".repeat(header.size())).append("\n");
            for (Map<String, Object> row : rows) {
                table.append("| ").append(String.join(" | ", cells.apply(row))).append(" |\n");
            }
            ReliabilityDoc.render(DOCUMENT, section, table.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
