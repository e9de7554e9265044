package dev.rootwatch.collector.posture;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;


/**
 * Reads the root user's row out of an IAM credential report: RFC 4180 CSV with a header, read by
 * Jackson's CSV parser, so quoted fields may hold commas, doubled quotes and line breaks. Columns
 * are found by name, so a column AWS adds or moves does not matter.
 */
final class CredentialReport {

    static final String ROOT_USER = "<root_account>";
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

    private CredentialReport() {
    }

    /** The root row of {@code csv}; throws IllegalArgumentException where the report has none, lacks the user column or is no CSV. */
    static RootCredentials root(byte[] csv, Instant generatedAt) {
        List<List<String>> rows = rows(csv);
        if (rows.isEmpty() || rows.get(0).stream().allMatch(String::isBlank)) {
            throw new IllegalArgumentException("the credential report is empty");
        }
        List<String> header = rows.get(0);
        int user = header.indexOf("user");
        if (user < 0) {
            throw new IllegalArgumentException("the credential report has no user column");
        }
        for (List<String> row : rows.subList(1, rows.size())) {
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

    /** Every record of the report, the header first, each as its list of fields. */
    static List<List<String>> rows(byte[] csv) {
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = CSV.readerFor(new TypeReference<List<String>>() { }).readValues(csv)) {
            while (it.hasNextValue()) {
                rows.add(it.nextValue());
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the credential report is not CSV: " + e.getMessage(), e);
        }
        return rows;
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
}
