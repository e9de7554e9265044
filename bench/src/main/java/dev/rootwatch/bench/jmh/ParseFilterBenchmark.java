package dev.rootwatch.bench.jmh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How many CloudTrail records per second one collector thread sifts: one generated log file of
 * {@value #RECORDS} records (what CloudTrail delivers at a time for a busy account) read through
 * the real collector path, from the bytes to the events it keeps, as plain JSON and as gzip, with
 * the fast and the exact parser; and the floor, gunzipping the same file without looking at it.
 * Each invocation reads the whole file and counts as {@value #RECORDS} operations, so JMH's ops/s
 * are records/s (and with {@code -bm avgt -tu ns}, nanoseconds per record).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(ParseFilterBenchmark.RECORDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ParseFilterBenchmark {

    /** Records in the benchmark's log file. */
    static final int RECORDS = 2000;

    private static final int BUFFER = 64 * 1024;

    private final byte[] buffer = new byte[BUFFER];

    /** Parse+filter of a decompressed log file: what the collector costs beyond decompression. */
    @Benchmark
    public void plainParseFilter(LogFileState file, CollectorState sift, Blackhole blackhole) {
        sift.collector.collect("plain.json", () -> new ByteArrayInputStream(file.log.plain()));
        blackhole.consume(sift.publisher.events());
    }

    /** Parse+filter of a log file as S3 delivers it, decompression included: bench/run's (b), per record. */
    @Benchmark
    public void gzipParseFilter(LogFileState file, CollectorState sift, Blackhole blackhole) {
        sift.collector.collect("log.json.gz", () -> new ByteArrayInputStream(file.log.gzip()));
        blackhole.consume(sift.publisher.events());
    }

    /** The floor: gunzipping the same file into a reused buffer and reading nothing; bench/run's (a), per record. */
    @Benchmark
    public void gunzipOnly(LogFileState file, Blackhole blackhole) throws IOException {
        long bytes = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file.log.gzip()), BUFFER)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes += n;
            }
        }
        blackhole.consume(bytes);
    }
}
