package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class SinkGroupsTest {

    private static final TopicPartition P0 = new TopicPartition("rootwatch.alerts", 0);
    private static final TopicPartition P1 = new TopicPartition("rootwatch.alerts", 1);
    private static final List<String> GROUPS = List.of("rw.pager", "rw.slack");

    @Test
    void namesOneGroupPerSinkUnderTheNotifiersGroup() {
        assertThat(SinkGroups.groupOf("rootwatch-notifier", "soc-slack")).isEqualTo("rootwatch-notifier.soc-slack");
    }

    @Test
    void startsEverySinkWhereTheFormerSingleGroupLeftOff() {
        // Given a notifier that ran with one group for all sinks
        Map<String, Map<TopicPartition, Long>> committed = Map.of("rw", Map.of(P0, 40L, P1, 7L));

        // When its sinks get their own groups
        Map<String, Map<TopicPartition, Long>> seeds = SinkGroups.seeds("rw", GROUPS, committed);

        // Then each starts where the old group was: nothing delivered twice, nothing skipped
        assertThat(seeds).containsOnlyKeys(GROUPS).allSatisfy((group, seed) -> assertThat(seed).isEqualTo(Map.of(P0, 40L, P1, 7L)));
    }

    @Test
    void startsANewSinkAtTheEarliestPlaceAnyOtherSinkReached() {
        // Given a pager whose group committed, and a slack sink added since
        Map<String, Map<TopicPartition, Long>> committed = Map.of("rw.pager", Map.of(P0, 12L, P1, 3L),
                "rw.other", Map.of(P0, 5L));

        // When the seeds are computed for the configured sinks
        Map<String, Map<TopicPartition, Long>> seeds = SinkGroups.seeds("rw", List.of("rw.pager", "rw.slack", "rw.other"), committed);

        // Then only slack is seeded, at the earliest offset per partition any sink's group reached
        assertThat(seeds).containsOnlyKeys("rw.slack");
        assertThat(seeds.get("rw.slack")).isEqualTo(Map.of(P0, 5L, P1, 3L));
    }

    @Test
    void seedsNothingOnANewInstallation() {
        assertThat(SinkGroups.seeds("rw", GROUPS, Map.of())).isEmpty();
    }
}
