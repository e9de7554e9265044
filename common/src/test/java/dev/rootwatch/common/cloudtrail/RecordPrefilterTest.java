package dev.rootwatch.common.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordPrefilterTest {

    private final RecordPrefilter prefilter = RecordPrefilter.holdingAnyOf(
            List.of("Root", "PutRule", "DeleteRule", "DisableRule", "DeleteQueue", "StopLogging", "DeleteTrail"));

    @Test
    void shouldKnowEveryMarkerAmongOthersOfTheSameLength() {
        // "DeleteRule" and "DeleteTrail" differ in length; "DisableRule", "DeleteQueue" and "StopLogging" share theirs
        assertThat(List.of("Root", "PutRule", "DeleteRule", "DisableRule", "DeleteQueue", "StopLogging", "DeleteTrail"))
                .allMatch(prefilter::isMarker);
    }

    @Test
    void shouldRefuseStringsThatOnlyShareALengthOrALastLetterWithAMarker() {
        assertThat(List.of("Rook", "Boot", "PutRole", "DeleteRole", "DisableRole", "EnableQueue", "StopLoggin", "StopLoggingX",
                "root", "", "DeleteTrails")).noneMatch(prefilter::isMarker);
    }

    @Test
    void shouldRefuseAMarkerThatIsNotPlainLettersAndDigits() {
        assertThatThrownBy(() -> RecordPrefilter.holdingAnyOf(List.of("Put-Rule")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
