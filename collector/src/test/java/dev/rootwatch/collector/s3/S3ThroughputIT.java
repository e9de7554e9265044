package dev.rootwatch.collector.s3;

import static dev.rootwatch.collector.testing.CloudTrail.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootwatch.collector.AccountScope;
import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.EventIntake;
import dev.rootwatch.collector.KafkaPublisher;
import dev.rootwatch.collector.PostureRefreshRequests;
import dev.rootwatch.collector.aws.AwsClients;
import dev.rootwatch.collector.aws.AwsEndpoints;
import dev.rootwatch.collector.sqs.MessageProcessor;
import dev.rootwatch.collector.sqs.SqsSettings;
import dev.rootwatch.collector.sqs.SqsSource;
import dev.rootwatch.collector.testing.CloudTrail;
import dev.rootwatch.collector.testing.KafkaTopics;
import dev.rootwatch.collector.testing.LocalSqs;
import dev.rootwatch.collector.testing.StubS3;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The closing note's first figure: CloudTrail records scanned per second by one collector on
 * this machine, from gzip log files in S3 (WireMock) named by SQS notifications (ElasticMQ),
 * relevant events produced to the embedded broker. Printed, not asserted.
 */
class S3ThroughputIT {

    private static final String BUCKET = "throughput-trail";
    private static final int OBJECTS = 300;
    /** The collector's default number of SQS workers ({@code collector.sqs.concurrency}). */
    private static final int CONCURRENCY = 16;
    private static final int RECORDS_PER_OBJECT = 2_000;
    private static final int RELEVANT_PER_OBJECT = 10;
    private static final int WARM_UP_OBJECTS = 50;

    @Test
    void printsRecordsScannedPerSecond() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             LocalSqs sqs = LocalSqs.start();
             StubS3 s3 = StubS3.start();
             AwsClients aws = new AwsClients(new AwsEndpoints(sqs.endpoint(), s3.endpoint(), null, true), LocalSqs.CREDENTIALS,
                     LocalSqs.REGION, 16)) {
            KafkaTopics kafka = KafkaTopics.create(broker.bootstrapServers());
            long compressed = 0;
            long uncompressed = 0;
            String noise = CloudTrail.noiseRecord(ACCOUNT).toString();
            // a warm-up round (not measured: the JIT compiles the parser), then the measured round
            String warmUp = sqs.createQueue("warmup-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofMinutes(5));
            String measured = sqs.createQueue("measured-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofMinutes(5));
            for (int i = 0; i < OBJECTS + WARM_UP_OBJECTS; i++) {
                String key = CloudTrail.logKey(ACCOUNT, String.format(Locale.ROOT, "tput%012d", i));
                byte[] json = logFileJson(noise, i);
                byte[] gz = CloudTrail.gzip(json);
                s3.put(BUCKET, key, gz);
                if (i >= WARM_UP_OBJECTS) {
                    compressed += gz.length;
                    uncompressed += json.length;
                }
                sqs.send(i < WARM_UP_OBJECTS ? warmUp : measured, CloudTrail.s3Notification(BUCKET, key));
            }

            try (KafkaPublisher publisher = new KafkaPublisher(broker.bootstrapServers(), kafka.topics(), "it-throughput")) {
                run(aws, publisher, sqs, warmUp, WARM_UP_OBJECTS);
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                double seconds = run(aws, publisher, sqs, measured, OBJECTS, registry);
                double records = CollectorMetrics.count(registry, "rootwatch.collector.records", "source", "s3");
                assertThat(records).isEqualTo((double) OBJECTS * RECORDS_PER_OBJECT);
                System.out.printf(Locale.ROOT, "FIGURE s3-records-per-second: %.0f records/s (%d objects x %d records, %.1f MB gzip,"
                                + " %.1f MB JSON, %.2f s, %d relevant events produced, concurrency %d, %d cores)%n",
                        records / seconds, OBJECTS, RECORDS_PER_OBJECT, compressed / 1e6, uncompressed / 1e6, seconds,
                        OBJECTS * RELEVANT_PER_OBJECT, CONCURRENCY, Runtime.getRuntime().availableProcessors());
            }
        }
    }

    private static void run(AwsClients aws, KafkaPublisher publisher, LocalSqs sqs, String queue, int objects) throws Exception {
        run(aws, publisher, sqs, queue, objects, new SimpleMeterRegistry());
    }

    /** Seconds from the source's start until every object's message was deleted (after its events' Kafka ack). */
    private static double run(AwsClients aws, KafkaPublisher publisher, LocalSqs sqs, String queue, int objects,
                              SimpleMeterRegistry registry) throws Exception {
        CollectorMetrics metrics = new CollectorMetrics(registry);
        InputLimits limits = InputLimits.defaults();
        EventIntake intake = new EventIntake(publisher, metrics, Clock.systemUTC(), AccountScope.ALL, PostureRefreshRequests.NONE, false);
        SqsSettings settings = new SqsSettings(List.of(queue), CONCURRENCY, Duration.ofSeconds(1), Duration.ofMinutes(5), 3, Duration.ofMinutes(1));
        SqsSource source = new SqsSource(settings, aws::sqsFor,
                new MessageProcessor(limits, intake, new TrailObjectReader(aws.s3(), limits, intake, AccountScope.ALL, metrics),
                        settings.maxReceives(), settings.ackTimeout(), metrics), metrics, Clock.systemUTC());
        long started = System.nanoTime();
        source.start();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(5)).until(() ->
                CollectorMetrics.count(registry, "rootwatch.collector.sqs.messages.deleted") == objects);
        double seconds = (System.nanoTime() - started) / 1e9;
        // stopping waits for the receivers' long polls: not part of the throughput
        source.stop(Duration.ofSeconds(10));
        return seconds;
    }

    /** One log file: 2,000 records on one line, every 200th a root login. */
    private static byte[] logFileJson(String noise, int file) {
        StringBuilder sb = new StringBuilder(RECORDS_PER_OBJECT * (noise.length() + 40)).append("{\"Records\":[");
        for (int r = 0; r < RECORDS_PER_OBJECT; r++) {
            if (r > 0) {
                sb.append(',');
            }
            if (r % (RECORDS_PER_OBJECT / RELEVANT_PER_OBJECT) == 0) {
                sb.append(CloudTrail.rootLoginRecord(ACCOUNT, "f" + file + "-r" + r));
            } else {
                sb.append(noise.replace("\"eventID\":\"", "\"eventID\":\"f" + file + "-r" + r + "-"));
            }
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
