package dev.rootwatch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one live bench run measured: how fast on-call hears of a root sign-in while rootwatch
 * sifts a busy organization's CloudTrail, whether every alert arrived exactly once, and how much
 * memory {@code rootwatch run} held meanwhile. {@link #lines} prints it beside the issue's
 * targets; {@link #requireCorrect} fails when an alert was lost, doubled or of the wrong kind.
 *
 * @param keptUp           whether rootwatch worked off the noise (the queue drained after the warm-up); if not, no
 *                         alert is measured: each would wait behind a backlog that only grows
 * @param latency          SQS send to webhook arrival, over the measured alerts
 * @param toDetected       of that, SQS send to the alert's detectedAt (SQS, the collector, Kafka, the evaluator)
 * @param afterDetected    and detectedAt to webhook arrival (the evaluator's commit, the notifier, the webhook call)
 * @param firstAlertMs     SQS send to webhook arrival of one root sign-in sent as soon as /readyz answered 200, before
 *                         any noise; NaN when its alert did not arrive within a minute
 * @param alertsSent       measured alert events sent
 * @param missing          of those, alerts that never arrived
 * @param duplicated       of those, alerts that arrived more than once
 * @param wrongType        of those, alerts of another type or status than expected
 * @param unexpected       eventIDs in alerts the bench never sent (noise must raise nothing)
 * @param rejected         webhook posts whose signature did not verify
 * @param noiseAsked       noise events per second asked for
 * @param noiseSent        noise events SQS accepted
 * @param noiseSeconds     how long the noise ran
 * @param noiseFailures    SendMessageBatch calls that failed
 * @param backlogAtStart   messages in the queue when the measured alerts started (after the warm-up had a minute to drain)
 * @param backlogAtEnd     messages still in the queue when the noise stopped
 * @param processedRate    SQS messages rootwatch finished (deleted) per second while the measured alerts ran (or, when
 *                         it fell behind, while the bench waited for the queue to drain)
 * @param evaluatorMeanMs  rootwatch's own figure over the measured alerts: collector received to alert emitted, mean
 * @param webhookMeanMs    rootwatch's own figure: one webhook call, mean
 * @param rootwatchCores   cores the rootwatch process kept busy while the measured alerts ran, on average
 * @param benchCores       cores the bench's JVM (ElasticMQ, senders, receiver) kept busy meanwhile
 * @param loadBefore       the machine's load averages when the measured alerts started
 * @param loadAfter        and when they ended
 * @param readySeconds     from starting {@code rootwatch run} to its /readyz answering 200
 * @param rssReadyMb       resident set size when ready, before the load
 * @param rssMaxMb         largest resident set size sampled under load
 * @param rssEndMb         resident set size at the end of the load
 * @param rssSamples       samples taken under load
 * @param javaOptions      the JVM flags the bench gave
 * @param jvmFlags         the flags the JVM settled on (-XX:+PrintCommandLineFlags)
 * @param sqsConcurrency   {@code collector.sqs.concurrency}
 * @param webhookRateLimit the webhook sink's {@code rateLimitPerSecond}
 * @param warmUpSeconds    how long rootwatch ran under the noise before the measured alerts, at least
 * @param syncWrites       rootwatch's {@code kafka.embedded.syncWrites}
 * @param cores            processors of this machine
 */
public record LiveBenchResult(boolean keptUp, LiveLatency latency, LiveLatency toDetected, LiveLatency afterDetected,
                              double firstAlertMs, int alertsSent, int missing,
                              int duplicated, int wrongType, int unexpected, long rejected,
                              int noiseAsked, long noiseSent, double noiseSeconds, long noiseFailures,
                              int backlogAtStart, int backlogAtEnd,
                              double processedRate, double evaluatorMeanMs, double webhookMeanMs,
                              double rootwatchCores, double benchCores, String loadBefore, String loadAfter,
                              double readySeconds, double rssReadyMb, double rssMaxMb, double rssEndMb, int rssSamples,
                              String javaOptions, String jvmFlags, int sqsConcurrency, double webhookRateLimit,
                              long warmUpSeconds, String syncWrites, int cores) {

    public static final double P50_TARGET_MS = 150;
    public static final double P99_TARGET_MS = 500;
    public static final double RSS_TARGET_MB = 600;
    public static final double FIRST_ALERT_TARGET_MS = 1000;

    /** Whether the alert of the sign-in sent when ready arrived within {@link #FIRST_ALERT_TARGET_MS}. */
    public boolean firstAlertMet() {
        return !Double.isNaN(firstAlertMs) && firstAlertMs <= FIRST_ALERT_TARGET_MS;
    }

    /** Whether alerts were measured and their p99 is within {@link #P99_TARGET_MS}. */
    public boolean p99Met() {
        return keptUp && latency.count() > 0 && latency.p99() <= P99_TARGET_MS;
    }

    public double noisePerSecond() {
        return noiseSeconds > 0 ? noiseSent / noiseSeconds : 0;
    }

    /** rootwatch kept up, every measured alert arrived exactly once, as the expected type, and nothing else alerted. */
    public boolean correct() {
        return keptUp && missing == 0 && duplicated == 0 && wrongType == 0 && unexpected == 0 && rejected == 0;
    }

    /** Throws, naming what went wrong, unless {@link #correct}. */
    public void requireCorrect() {
        if (!correct()) {
            throw new IllegalStateException(failure());
        }
    }

    /** What went wrong with the alerts, in one sentence; empty when {@link #correct}. */
    public String failure() {
        if (correct()) {
            return "";
        }
        if (!keptUp) {
            return String.format(Locale.ROOT, "live bench: rootwatch did not keep up with %,d noise events/s: it finished %,.0f SQS"
                    + " messages/s and %,d were still queued; alert latency not measured", noiseAsked, processedRate, backlogAtEnd);
        }
        return String.format(Locale.ROOT,
                "live bench: alerts were not delivered exactly once: %d missing, %d duplicated, %d of another type,"
                        + " %d unexpected, %d posts with a bad signature (of %d sent)",
                missing, duplicated, wrongType, unexpected, rejected, alertsSent);
    }

    /** The figures, one per line, beside the targets. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("(d) live: SQS message -> rootwatch run (embedded broker) -> webhook, under CloudTrail noise");
        if (keptUp) {
            lines.add(String.format(Locale.ROOT, "    alerts:  %,d sent, %,d missing, %,d duplicated, %,d of another type, %,d unexpected%s",
                    alertsSent, missing, duplicated, wrongType, unexpected, correct() ? "  (ok)" : "  (FAILED)"));
            lines.add(String.format(Locale.ROOT, "    latency: p50 %.0f ms (target <= %.0f %s)  p99 %.0f ms (target <= %.0f %s)  max %.0f ms"
                            + "  over %,d",
                    latency.p50(), P50_TARGET_MS, verdict(latency.p50() <= P50_TARGET_MS),
                    latency.p99(), P99_TARGET_MS, verdict(latency.p99() <= P99_TARGET_MS), latency.max(), latency.count()));
            lines.add(String.format(Locale.ROOT, "    legs:    send -> detectedAt p50 %.0f ms, p99 %.0f ms (SQS, collector, Kafka, evaluator);"
                            + " detectedAt -> webhook p50 %.0f ms, p99 %.0f ms (evaluator commit, notifier, webhook call);"
                            + " over %,d alerts with a detectedAt",
                    toDetected.p50(), toDetected.p99(), afterDetected.p50(), afterDetected.p99(), toDetected.count()));
        } else {
            lines.add("    latency: NOT MEASURED: rootwatch fell behind the noise (the queue grew instead of draining after the"
                    + " warm-up), so each alert would only measure the backlog (targets p50 <= 150 ms, p99 <= 500 ms)");
        }
        lines.add(Double.isNaN(firstAlertMs)
                ? String.format(Locale.ROOT, "    ready -> first alert: none within a minute (target <= %.0f NOT met)",
                        FIRST_ALERT_TARGET_MS)
                : String.format(Locale.ROOT, "    ready -> first alert: %.0f ms (target <= %.0f %s)  one root sign-in sent when"
                        + " /readyz first answered 200, before the noise", firstAlertMs, FIRST_ALERT_TARGET_MS,
                        verdict(firstAlertMet())));
        lines.add(String.format(Locale.ROOT, "    noise:   %,d events/s asked, %,.0f events/s sent (%,d in %.1f s, %d failed batches);"
                        + " queue backlog %,d messages at the start, %,d at the end",
                noiseAsked, noisePerSecond(), noiseSent, noiseSeconds, noiseFailures, backlogAtStart, backlogAtEnd));
        lines.add(String.format(Locale.ROOT, "    inside:  rootwatch finished %,.0f SQS messages/s; its own means: collector received"
                        + " to alert emitted %s ms, one webhook call %s ms",
                processedRate, millis(evaluatorMeanMs, "%.0f"), millis(webhookMeanMs, "%.1f")));
        lines.add(String.format(Locale.ROOT, "    CPU:     rootwatch %.2f cores, bench JVM (ElasticMQ, senders, receiver) %.2f cores, of %d;"
                        + " machine load average %s before, %s after",
                rootwatchCores, benchCores, cores, loadBefore, loadAfter));
        lines.add(String.format(Locale.ROOT, "    RSS:     %.0f MB when ready; under load max %.0f MB (target <= %.0f %s), end %.0f MB"
                        + " (%d samples)",
                rssReadyMb, rssMaxMb, RSS_TARGET_MB, verdict(rssMaxMb <= RSS_TARGET_MB), rssEndMb, rssSamples));
        lines.add(String.format(Locale.ROOT, "    setup:   JVM flags %s; JVM settled on %s; ready after %.1f s; warm-up %d s under the noise;"
                        + " kafka.embedded.syncWrites %s; collector.sqs.concurrency %d; webhook rateLimitPerSecond %.0f;"
                        + " %d cores shared with the bench and ElasticMQ",
                javaOptions, jvmFlags.isEmpty() ? "(not printed)" : jvmFlags, readySeconds, warmUpSeconds, syncWrites, sqsConcurrency,
                webhookRateLimit, cores));
        return List.copyOf(lines);
    }

    private static String millis(double value, String format) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }
}
