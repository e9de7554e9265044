package dev.rootwatch.collector.posture;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.metrics.MetricPublisher;

/** The per-request settings of posture calls: whose credentials, and where the SDK's retry metrics go. */
final class RequestOverrides {

    private RequestOverrides() {
    }

    static AwsRequestOverrideConfiguration of(AwsCredentialsProvider credentials, MetricPublisher metrics) {
        return AwsRequestOverrideConfiguration.builder()
                .credentialsProvider(credentials)
                .addMetricPublisher(metrics)
                .build();
    }

    static AwsRequestOverrideConfiguration of(MetricPublisher metrics) {
        return AwsRequestOverrideConfiguration.builder().addMetricPublisher(metrics).build();
    }
}
