package dev.rootwatch.collector.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.SourceSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class LookupSettingsTest {

    @Test
    void pollsTheSdkDefaultRegionWhenNoneIsConfigured() {
        LookupSettings settings = LookupSettings.from(Config.defaults(), () -> Region.EU_CENTRAL_1);

        assertThat(settings.regions()).containsExactly(Region.EU_CENTRAL_1);
        assertThat(settings.eventNames()).contains("ConsoleLogin", "DeactivateMFADevice", "DeleteVirtualMFADevice", "StopLogging");
        assertThat(settings.requestsPerSecond()).isEqualTo(2);
        assertThat(settings.checkpointFile()).hasToString("rootwatch-lookup-checkpoint.json");
    }

    @Test
    void pollsEveryCallThatCanWeakenTheTrailByDefault() {
        LookupSettings settings = LookupSettings.from(Config.defaults(), () -> Region.US_EAST_1);

        assertThat(settings.eventNames()).containsAll(dev.rootwatch.common.cloudtrail.BlindingCalls.TRAIL_TAMPERING.eventNames())
                .contains("UpdateTrail", "PutEventSelectors", "DisableAWSServiceAccess").doesNotHaveDuplicates();
    }

    @Test
    void configuredRegionsWinAndAnEmptyCheckpointPathKeepsItInMemory() {
        Config config = Config.defaults().with(SourceSettings.LOOKUP_REGIONS, List.of("us-east-1", "eu-west-1"))
                .with(SourceSettings.LOOKUP_CHECKPOINT_FILE, "");

        LookupSettings settings = LookupSettings.from(config, () -> {
            throw new AssertionError("the default region is not asked for");
        });

        assertThat(settings.regions()).containsExactly(Region.US_EAST_1, Region.EU_WEST_1);
        assertThat(settings.checkpointFile()).isNull();
    }

    @Test
    void rejectsWhatTheApiDoesNotAllow() {
        assertThatThrownBy(() -> LookupSettings.from(Config.defaults().with(SourceSettings.LOOKUP_REQUESTS_PER_SECOND, 5),
                () -> Region.US_EAST_1)).isInstanceOf(ConfigException.class).hasMessageContaining("requestsPerSecond");
        assertThatThrownBy(() -> LookupSettings.from(Config.defaults().with(SourceSettings.LOOKUP_INITIAL_LOOKBACK, Duration.ofDays(91)),
                () -> Region.US_EAST_1)).isInstanceOf(ConfigException.class).hasMessageContaining("90d");
        assertThatThrownBy(() -> LookupSettings.from(Config.defaults().with(SourceSettings.LOOKUP_REGIONS, List.of("moon-base")),
                () -> Region.US_EAST_1)).isInstanceOf(ConfigException.class).hasMessageContaining("moon-base");
        assertThatThrownBy(() -> LookupSettings.from(Config.defaults().with(SourceSettings.LOOKUP_EVENT_NAMES, List.of()),
                () -> Region.US_EAST_1)).isInstanceOf(ConfigException.class).hasMessageContaining("eventNames");
    }
}
