package dev.rootwatch.bench.jmh;

import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.bench.CountingPublisher;
import dev.rootwatch.collector.FileCollector;
import dev.rootwatch.collector.IngestStats;
import dev.rootwatch.collector.RelevanceFilter;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.cloudtrail.RecordPrefilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The collector under measurement, built once per run and fed the same file again and again, as
 * a long-running collector reads file after file. Before it is measured it must keep exactly the
 * relevant records the generator wrote, from the plain file and from the gzip one.
 */
@State(Scope.Thread)
public class CollectorState {

    /**
     * {@code fast}: the collector as rootwatch runs it, whose byte-level pass skips records that
     * cannot matter without parsing them; {@code exact}: the reference, which parses every record.
     */
    @Param({"fast", "exact"})
    public String parser;

    CountingPublisher publisher;
    FileCollector collector;

    @Setup
    public void build(LogFileState file) {
        check(file.log.plain(), "plain", file.log.relevant());
        check(file.log.gzip(), "gzip", file.log.relevant());
        publisher = new CountingPublisher();
        collector = newCollector(publisher);
    }

    private FileCollector newCollector(CountingPublisher counting) {
        RecordPrefilter prefilter = switch (parser) {
            case "fast" -> RelevanceFilter.PREFILTER;
            case "exact" -> null;
            default -> throw new IllegalArgumentException("parser is fast or exact, not " + parser);
        };
        return new FileCollector(InputLimits.defaults(), counting, new CollectorMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC(), prefilter);
    }

    /** Refuses to measure a collector that does not read every record and keep exactly the relevant ones. */
    private void check(byte[] content, String kind, long relevant) {
        CountingPublisher counting = new CountingPublisher();
        FileCollector fresh = newCollector(counting);
        fresh.collect(kind, () -> new ByteArrayInputStream(content));
        IngestStats.Snapshot stats = fresh.stats();
        if (stats.records() != ParseFilterBenchmark.RECORDS || counting.events() != relevant) {
            throw new IllegalStateException(parser + " parser, " + kind + " file: the collector read " + stats.records()
                    + " records and kept " + counting.events() + "; the generator wrote " + ParseFilterBenchmark.RECORDS
                    + " records, " + relevant + " of them relevant");
        }
    }
}
