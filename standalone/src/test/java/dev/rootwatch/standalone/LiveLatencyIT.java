package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootwatch.collector.aws.AwsClients;
import dev.rootwatch.collector.aws.AwsEndpoints;
import dev.rootwatch.common.runtime.GracefulShutdown;
import dev.rootwatch.collector.testing.LocalSqs;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.PostureSettings;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.config.SourceSettings;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.notifier.AlertSink;
import dev.rootwatch.notifier.DeliveryException;
import dev.rootwatch.notifier.JsonLinesFileSink;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closing note's second figure: from an SQS message being sent to its alert being written,
 * through the whole pipeline (ElasticMQ, the collector, the embedded broker, the evaluator, the
 * notifier's JSON Lines file sink), median and p99 over 250 messages. Printed, not asserted.
 */
class LiveLatencyIT {

    private static final int MESSAGES = 250;
    private static final Duration PACE = Duration.ofMillis(20);

    @TempDir
    Path dir;

    @Test
    void printsSendToAlertLatency() throws Exception {
        try (LocalSqs sqs = LocalSqs.start();
             AwsClients aws = new AwsClients(new AwsEndpoints(sqs.endpoint(), null, null, false), LiveFixtures.CREDENTIALS,
                     LiveFixtures.REGION, 16)) {
            // Given rootwatch run reading a queue, alerts to a file sink that notes when each alert is written
            String queue = sqs.createQueue("latency", Duration.ofSeconds(30));
            Path alerts = dir.resolve("alerts.jsonl");
            Map<String, Long> written = new ConcurrentHashMap<>();
            AlertSink file = new JsonLinesFileSink(alerts);
            AlertSink timed = new AlertSink() {
                @Override
                public String name() {
                    return "timed-file";
                }

                @Override
                public void deliver(Alert alert) throws DeliveryException {
                    file.deliver(alert);
                    long now = System.nanoTime();
                    alert.eventIds().forEach(id -> written.putIfAbsent(id, now));
                }

                @Override
                public void close() {
                    file.close();
                }
            };
            Config config = Config.defaults()
                    .with(PostureSettings.ENABLED, false) // posture polling has its own tests; never real AWS here
                    .with(Settings.HTTP_PORT, -1)
                    .with(Settings.DATA_DIR, dir.resolve("data").toString())
                    .with(Settings.NOTIFIER_CONSOLE_ENABLED, false)
                    .with(Settings.NOTIFIER_FILE_PATH, alerts.toString())
                    .with(SourceSettings.SQS_QUEUE_URLS, List.of(queue))
                    .with(SourceSettings.SQS_WAIT_TIME, Duration.ofSeconds(20));
            GracefulShutdown shutdown = GracefulShutdown.manual();
            LiveRunner runner = new LiveRunner(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of(timed), aws);
            Future<Integer> running = Executors.newSingleThreadExecutor().submit(() -> runner.run(shutdown));

            // and the pipeline warmed up by a first message
            String warmUp = UUID.randomUUID().toString();
            sqs.send(queue, LiveFixtures.eventBridgeRootLogin("100000000000", warmUp));
            await().atMost(Duration.ofMinutes(2)).until(() -> written.containsKey(warmUp));

            // When 250 root logins of different accounts are sent, one every 20 ms
            Map<String, Long> sent = new ConcurrentHashMap<>();
            for (int i = 0; i < MESSAGES; i++) {
                String id = UUID.randomUUID().toString();
                String body = LiveFixtures.eventBridgeRootLogin(String.valueOf(200_000_000_000L + i), id);
                sent.put(id, System.nanoTime());
                sqs.send(queue, body);
                Thread.sleep(PACE.toMillis());
            }

            // Then every one of them is alerted, and the times are printed
            await().atMost(Duration.ofMinutes(3)).until(() -> written.keySet().containsAll(sent.keySet()));
            shutdown.requestStop();
            assertThat(running.get()).isZero();
            List<Double> millis = new ArrayList<>();
            sent.forEach((id, at) -> millis.add((written.get(id) - at) / 1e6));
            Collections.sort(millis);
            System.out.printf(Locale.ROOT, "FIGURE sqs-to-alert-latency: median %.0f ms, p99 %.0f ms, max %.0f ms over %d messages"
                            + " (one every %d ms; ElasticMQ -> collector -> embedded Kafka -> evaluator -> notifier file sink; %d cores)%n",
                    percentile(millis, 50), percentile(millis, 99), millis.get(millis.size() - 1), millis.size(), PACE.toMillis(),
                    Runtime.getRuntime().availableProcessors());
            assertThat(Files.readAllLines(alerts)).hasSize(MESSAGES + 1);
        }
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
