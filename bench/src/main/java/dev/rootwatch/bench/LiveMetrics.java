package dev.rootwatch.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads rootwatch's own account of where the time went from its {@code /metrics} page: the
 * evaluator's latency from the collector receiving an event to the alert being emitted, the
 * webhook calls' duration, and the SQS messages the collector finished. Two readings, before and
 * after the measured alerts, give the figures of that stretch alone.
 */
final class LiveMetrics {

    static final String EVALUATOR_LATENCY = "rootwatch_evaluator_alert_latency_seconds";
    static final String DELIVERY_LATENCY = "rootwatch_notifier_delivery_latency_seconds";
    static final String SQS_DELETED = "rootwatch_collector_sqs_messages_deleted_total";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI metrics;

    LiveMetrics(int httpPort) {
        this.metrics = URI.create("http://127.0.0.1:" + httpPort + "/metrics");
    }

    /** One reading: every sample's value summed over its labels, by sample name. */
    record Reading(Map<String, Double> values, long nanos) {

        double get(String name) {
            return values.getOrDefault(name, 0.0);
        }

        /** Mean of a timer between {@code earlier} and this reading, in ms; NaN when nothing was timed. */
        double meanMillisSince(Reading earlier, String timer) {
            double count = get(timer + "_count") - earlier.get(timer + "_count");
            double sum = get(timer + "_sum") - earlier.get(timer + "_sum");
            return count > 0 ? sum / count * 1e3 : Double.NaN;
        }

        /** How fast a counter grew between {@code earlier} and this reading, per second. */
        double ratePerSecondSince(Reading earlier, String counter) {
            double seconds = (nanos - earlier.nanos) / 1e9;
            return seconds > 0 ? (get(counter) - earlier.get(counter)) / seconds : Double.NaN;
        }
    }

    Reading read() throws IOException, InterruptedException {
        String text = client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int nameEnd = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = line.substring(0, nameEnd >= 0 && nameEnd < space ? nameEnd : space).strip();
            try {
                values.merge(name, Double.parseDouble(line.substring(space + 1).strip()), Double::sum);
            } catch (NumberFormatException e) {
                // a sample this reading has no use for
            }
        }
        return new Reading(values, System.nanoTime());
    }
}
