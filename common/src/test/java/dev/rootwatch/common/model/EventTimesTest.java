package dev.rootwatch.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventTimesTest {

    @Test
    void shouldReadEveryCloudTrailTimeAsInstantParseDoes() {
        // Given times CloudTrail writes, across years, months, leap days and the ends of a day
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            Instant expected = Instant.ofEpochSecond(1_380_000_000L + (long) (random.nextDouble() * 1_600_000_000L));
            // Then the fast reading gives the same instant
            assertThat(EventTimes.parse(expected.toString())).isEqualTo(expected);
        }
        assertThat(EventTimes.parse("2024-02-29T23:59:59Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
    }

    @Test
    void shouldAgreeWithInstantParseOnEveryOtherTextAndRefuseWhatItRefuses() {
        for (String text : List.of("2026-11-01T12:00:00.123Z", "2026-11-01T12:00:00.000000001Z", "2026-11-01T12:00Z",
                "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-01T24:00:00Z", "2026-11-01T12:60:00Z",
                "2026-11-01T12:00:60Z", "2026-1x-01T00:00:00Z", "2026-11-01 12:00:00Z", "2026-11-01T12:00:00+", "+2026-11-01T12:00:00Z",
                "")) {
            Instant expected;
            try {
                expected = Instant.parse(text);
            } catch (DateTimeParseException refused) {
                assertThatThrownBy(() -> EventTimes.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(EventTimes.parse(text)).as(text).isEqualTo(expected);
        }
    }
}
