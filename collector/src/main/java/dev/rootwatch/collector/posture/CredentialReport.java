package dev.rootwatch.collector.posture;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the root user's row out of an IAM credential report (CSV, header first; columns are found
 * by name, so a column AWS adds or moves does not matter). Fields may be quoted as in RFC 4180
 * (IAM user names may hold commas).
 */
final class CredentialReport {

    static final String ROOT_USER = "<root_account>";

    private CredentialReport() {
    }

    /** The root row of {@code csv}; throws IllegalArgumentException where the report has none or lacks the user column. */
    static RootCredentials root(byte[] csv, Instant generatedAt) {
        String[] lines = new String(csv, StandardCharsets.UTF_8).split("\r?\n");
        if (lines.length == 0 || lines[0].isBlank()) {
            throw new IllegalArgumentException("the credential report is empty");
        }
        List<String> header = fields(lines[0]);
        int user = header.indexOf("user");
        if (user < 0) {
            throw new IllegalArgumentException("the credential report has no user column");
        }
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].contains(ROOT_USER)) {
                continue;
            }
            List<String> row = fields(lines[i]);
            if (user < row.size() && ROOT_USER.equals(row.get(user))) {
                return new RootCredentials(
                        bool(value(header, row, "password_enabled")),
                        bool(value(header, row, "mfa_active")),
                        activeKeys(bool(value(header, row, "access_key_1_active")), bool(value(header, row, "access_key_2_active"))),
                        value(header, row, "password_last_used"),
                        generatedAt);
            }
        }
        throw new IllegalArgumentException("the credential report has no " + ROOT_USER + " row");
    }

    private static Integer activeKeys(Boolean first, Boolean second) {
        if (first == null && second == null) {
            return null;
        }
        return (Boolean.TRUE.equals(first) ? 1 : 0) + (Boolean.TRUE.equals(second) ? 1 : 0);
    }

    private static String value(List<String> header, List<String> row, String column) {
        int index = header.indexOf(column);
        return index < 0 || index >= row.size() ? null : row.get(index);
    }

    /** true / false; null for {@code not_supported}, {@code N/A} and anything else. */
    static Boolean bool(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** One CSV line split into fields; a quoted field may hold commas and doubled quotes. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString());
        return fields;
    }
}
