package dev.rootwatch.collector.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.PostureRefreshRequests;
import dev.rootwatch.collector.aws.AwsClients;
import dev.rootwatch.collector.aws.AwsEndpoints;
import dev.rootwatch.collector.testing.RecordingPublisher;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.SourceSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class LiveCollectorTest {

    private static LiveCollector create(Config config) {
        try (AwsClients aws = new AwsClients(AwsEndpoints.SDK_DEFAULTS, AnonymousCredentialsProvider.create(), Region.EU_WEST_1, 4)) {
            return LiveCollector.create(config, aws, RecordingPublisher.acknowledging(), new CollectorMetrics(new SimpleMeterRegistry()),
                    PostureRefreshRequests.NONE, Clock.systemUTC());
        }
    }

    @Test
    void readsSqsWhenQueuesAreConfigured() {
        Config config = Config.defaults().with(SourceSettings.SQS_QUEUE_URLS,
                List.of("https://sqs.eu-west-1.amazonaws.com/111122223333/cloudtrail"));

        assertThat(create(config).describe()).isEqualTo("sqs[cloudtrail]");
    }

    @Test
    void pollsLookupEventsOtherwise() {
        Config config = Config.defaults().with(SourceSettings.LOOKUP_CHECKPOINT_FILE, "");

        assertThat(create(config).describe()).isEqualTo("lookup[eu-west-1]");
    }

    @Test
    void aWrongSettingStopsStartUp() {
        assertThatThrownBy(() -> create(Config.defaults().with(SourceSettings.ACCOUNTS_DENY, List.of("not-an-account"))))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> create(Config.defaults().with(SourceSettings.SQS_QUEUE_URLS,
                List.of("https://sqs.eu-west-1.amazonaws.com/1/q")).with(SourceSettings.SQS_MAX_RECEIVES, 0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("maxReceives");
    }
}
