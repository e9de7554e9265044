package dev.rootwatch.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Configured pipeline resources match the forms CloudTrail's requests name them in. */
class PipelineResourcesTest {

    @Test
    void shouldMatchAQueueByNameUrlOrArnWithinItsAccount() {
        PipelineResources byUrl = PipelineResources.of(List.of(),
                List.of("https://sqs.us-east-1.amazonaws.com/111122223333/rootwatch"), List.of(), List.of());
        PipelineResources byArn = PipelineResources.of(List.of(), List.of("arn:aws:sqs:us-east-1:111122223333:rootwatch"),
                List.of(), List.of());
        PipelineResources byName = PipelineResources.of(List.of(), List.of("rootwatch"), List.of(), List.of());

        String url = "https://sqs.us-east-1.amazonaws.com/111122223333/rootwatch";
        String elsewhere = "https://sqs.us-east-1.amazonaws.com/444455556666/rootwatch";
        assertThat(byUrl.watchesQueue(url)).isTrue();
        assertThat(byArn.watchesQueue(url)).isTrue();
        assertThat(byArn.watchesQueue("http://localhost:4566/111122223333/rootwatch")).isTrue();
        assertThat(byName.watchesQueue(elsewhere)).isTrue();
        assertThat(byUrl.watchesQueue(elsewhere)).isFalse();
        assertThat(byUrl.watchesQueue("https://sqs.us-east-1.amazonaws.com/111122223333/rootwatch-dlq")).isFalse();
    }

    @Test
    void shouldMatchRulesBucketsAndKeysByNameOrArn() {
        PipelineResources watched = PipelineResources.of(
                List.of("arn:aws:events:us-east-1:111122223333:rule/custom-bus/rootwatch"),
                List.of(), List.of("arn:aws:s3:::trail-logs"), List.of("1234abcd-12ab-34cd-56ef-1234567890ab"));

        assertThat(watched.watchesRule("rootwatch")).isTrue();
        assertThat(watched.watchesRule("rootwatch-old")).isFalse();
        assertThat(watched.watchesBucket("trail-logs")).isTrue();
        assertThat(watched.watchesBucket("trail-logs-2")).isFalse();
        assertThat(watched.watchesKey("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")).isTrue();
        assertThat(watched.watchesKey("alias/cloudtrail")).isFalse();
        assertThat(watched.describe()).isEqualTo("PIPELINE_TAMPERING watching eventBridgeRules=1 queues=0 trailBuckets=1 trailKeys=1");
    }
}
