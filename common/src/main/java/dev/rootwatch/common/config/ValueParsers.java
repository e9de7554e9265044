package dev.rootwatch.common.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Readers for the value types config keys use. Each throws IllegalArgumentException with the reason. */
public final class ValueParsers {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");

    private ValueParsers() {
    }

    public static String text(String s) {
        return s;
    }

    public static Integer integer(String s) {
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a whole number");
        }
    }

    public static Boolean bool(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("'" + s + "' is neither true nor false");
        };
    }

    /** {@code 250ms}, {@code 30s}, {@code 15m}, {@code 4h}, {@code 7d}, or ISO-8601 {@code PT15M}. */
    public static Duration duration(String s) {
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + s + "' is not a duration (say 250ms, 30s, 15m, 4h or 7d)");
        }
    }

    /** A byte count: {@code 1048576}, {@code 512KiB}, {@code 16MiB}, {@code 1GiB}. */
    public static ByteSize bytes(String s) {
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a size (say 16MiB or 1GiB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        return new ByteSize(switch (unit) {
            case "KiB" -> n << 10;
            case "MiB" -> n << 20;
            case "GiB" -> n << 30;
            default -> n;
        });
    }

    public static <E extends Enum<E>> Function<String, E> enumOf(Class<E> type) {
        return s -> {
            try {
                return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + s + "' is not one of " + Arrays.toString(type.getEnumConstants()));
            }
        };
    }

    /**
     * A list of {@code type} read from JSON text (how a YAML list arrives, and how an environment
     * variable gives one). Unknown fields are errors, so a misspelt field never goes unnoticed.
     */
    public static <T> Function<String, List<T>> jsonList(Class<T> type) {
        return s -> {
            try {
                com.fasterxml.jackson.databind.ObjectMapper strict = dev.rootwatch.common.json.Json.mapper().copy()
                        .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
                return List.copyOf(strict.readValue(s, strict.getTypeFactory().constructCollectionType(List.class, type)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("not a list of " + type.getSimpleName() + ": " + e.getOriginalMessage());
            }
        };
    }

    static String format(Object value) {
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "[]" : list.toString();
        }
        if (value instanceof Duration d) {
            return formatDuration(d);
        }
        return String.valueOf(value);
    }

    private static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }
}
