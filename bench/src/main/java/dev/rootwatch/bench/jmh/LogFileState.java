package dev.rootwatch.bench.jmh;

import java.io.IOException;
import java.util.Locale;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The benchmarks' input: one generated CloudTrail log file of {@value ParseFilterBenchmark#RECORDS} records, in memory. */
@State(Scope.Benchmark)
public class LogFileState {

    SampleLog log;

    @Setup
    public void generate() throws IOException {
        log = SampleLog.generate(ParseFilterBenchmark.RECORDS);
        System.out.printf(Locale.ROOT, "%n(log file: %,d records, %,d bytes JSON (%,d per record), %,d bytes gzip, %d relevant)%n",
                log.records(), log.plain().length, log.plain().length / log.records(), log.gzip().length, log.relevant());
    }
}
