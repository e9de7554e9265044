package dev.rootwatch.collector.sqs;

import dev.rootwatch.collector.AccountScope;
import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.EventIntake;
import dev.rootwatch.collector.PostureRefreshRequests;
import dev.rootwatch.collector.Publisher;
import dev.rootwatch.collector.aws.AwsClients;
import dev.rootwatch.collector.aws.AwsEndpoints;
import dev.rootwatch.collector.s3.TrailObjectReader;
import dev.rootwatch.collector.testing.LocalSqs;
import dev.rootwatch.collector.testing.StubS3;
import dev.rootwatch.common.cloudtrail.InputLimits;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Builds an SQS source the way {@code LiveCollector} does, with AWS clients pointed at ElasticMQ and the S3 stub. */
final class SqsTestBed implements AutoCloseable {

    private final AwsClients aws;

    SqsTestBed(LocalSqs sqs, StubS3 s3) {
        this.aws = new AwsClients(new AwsEndpoints(sqs.endpoint(), s3.endpoint(), null, true), LocalSqs.CREDENTIALS, LocalSqs.REGION, 32);
    }

    static SqsSettings settings(List<String> queues, Duration visibility, int maxReceives) {
        return new SqsSettings(queues, 2, Duration.ofSeconds(1), visibility, maxReceives, Duration.ofSeconds(10));
    }

    SqsSource source(SqsSettings settings, Publisher publisher, MeterRegistry registry, AccountScope scope,
                     PostureRefreshRequests refresh) {
        return source(settings, publisher, registry, scope, refresh, java.util.function.UnaryOperator.identity());
    }

    /** @param clients wraps the real SQS client the source gets (to slow some calls down) */
    SqsSource source(SqsSettings settings, Publisher publisher, MeterRegistry registry, AccountScope scope,
                     PostureRefreshRequests refresh, java.util.function.UnaryOperator<software.amazon.awssdk.services.sqs.SqsClient> clients) {
        CollectorMetrics metrics = new CollectorMetrics(registry);
        InputLimits limits = InputLimits.defaults();
        EventIntake intake = new EventIntake(publisher, metrics, Clock.systemUTC(), scope, refresh, false);
        TrailObjectReader objects = new TrailObjectReader(aws.s3(), limits, intake, scope, metrics);
        MessageProcessor processor = new MessageProcessor(limits, intake, objects, settings.maxReceives(), settings.ackTimeout(), metrics);
        return new SqsSource(settings, url -> clients.apply(aws.sqsFor(url)), processor, metrics, Clock.systemUTC());
    }

    @Override
    public void close() {
        aws.close();
    }
}
