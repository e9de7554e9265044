package dev.rootwatch.collector.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.SourceSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class AwsClientsTest {

    @Test
    void takesTheRegionOfAQueueFromItsUrl() {
        assertThat(AwsClients.regionOfQueue("https://sqs.eu-west-2.amazonaws.com/111122223333/q")).contains(Region.EU_WEST_2);
        assertThat(AwsClients.regionOfQueue("https://ap-southeast-2.queue.amazonaws.com/111122223333/q")).contains(Region.AP_SOUTHEAST_2);
        assertThat(AwsClients.regionOfQueue("https://sqs.cn-north-1.amazonaws.com.cn/111122223333/q")).contains(Region.CN_NORTH_1);
        assertThat(AwsClients.regionOfQueue("http://localhost:4566/000000000000/q")).isEmpty();
    }

    @Test
    void endpointOverridesAreOptionalAndValidated() {
        assertThat(AwsEndpoints.from(Config.defaults())).isEqualTo(AwsEndpoints.SDK_DEFAULTS);
        AwsEndpoints local = AwsEndpoints.from(Config.defaults().with(SourceSettings.S3_ENDPOINT, "http://localhost:4566")
                .with(SourceSettings.S3_FORCE_PATH_STYLE, true));
        assertThat(local.s3()).hasToString("http://localhost:4566");
        assertThat(local.s3ForcePathStyle()).isTrue();
        assertThatThrownBy(() -> AwsEndpoints.from(Config.defaults().with(SourceSettings.SQS_ENDPOINT, "localhost:9324")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("collector.sqs.endpoint");
    }

    @Test
    void withoutAnyRegionAClientThatNeedsOneIsAConfigurationError() {
        try (AwsClients clients = new AwsClients(AwsEndpoints.SDK_DEFAULTS, AnonymousCredentialsProvider.create(), null, 4)) {
            assertThatThrownBy(clients::defaultRegion).isInstanceOf(ConfigException.class).hasMessageContaining("AWS_REGION");
            assertThat(clients.sqsFor("https://sqs.eu-west-1.amazonaws.com/111122223333/q")).isNotNull();
        }
    }
}
