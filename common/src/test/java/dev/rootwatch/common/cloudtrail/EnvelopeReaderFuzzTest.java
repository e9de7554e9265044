package dev.rootwatch.common.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.rootwatch.common.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The envelope reader and the byte-level pass under arbitrary bytes and mutated real input: no
 * exception escapes (only the input stream's own failures may, and here it has none), the fast and
 * the exact path report the same, no tree reported is larger than the bounds, and reading hundreds
 * of megabytes of hostile input needs no more heap than the bounds.
 */
class EnvelopeReaderFuzzTest {

    private static final InputLimits SMALL = new InputLimits(1L << 30, 4 * 1024);
    private static final List<byte[]> BASES = bases();

    private final EnvelopeReader exact = new EnvelopeReader(SMALL);
    private final EnvelopeReader fast = new EnvelopeReader(SMALL, PrefilterEquivalenceTest.PREFILTER);

    @Property(tries = 400)
    void arbitraryBytesAreReadWithoutAnExceptionAndBothPathsAgree(@ForAll @Size(max = 3000) byte[] input) throws IOException {
        assertBothReadTheSame(input);
    }

    @Property(tries = 400)
    void mutatedLogFilesAreReadWithoutAnExceptionAndBothPathsAgree(@ForAll("mutated") byte[] input) throws IOException {
        assertBothReadTheSame(input);
    }

    @Property(tries = 400)
    void theByteLevelPassNeverThrowsAndSkipsOnlyRecordsTheExactParserReadsWhole(@ForAll("mutated") byte[] input) {
        // When the pass looks at it (it may give up on anything)
        RecordsScanner.Scan scan = RecordsScanner.scan(input, 0, input.length, SMALL.maxRecordBytes(), PrefilterEquivalenceTest.PREFILTER);

        // Then every record it would skip unparsed is one valid JSON object, within the bound, for the exact parser too
        if (scan != null) {
            for (int r = 0; r < scan.count(); r++) {
                assertThat(scan.end(r) - scan.start(r)).isLessThanOrEqualTo((int) SMALL.maxRecordBytes());
                if (!scan.candidate(r)) {
                    assertThat(parsesWhole(input, scan.start(r), scan.end(r))).as("record " + r + " skipped unparsed").isTrue();
                }
            }
        }
    }

    @Property(tries = 200)
    void noTreeReportedIsLargerThanTheRecordBound(@ForAll("mutated") byte[] input) throws IOException {
        RecordingHandler handler = new RecordingHandler();

        exact.read(new ByteArrayInputStream(input), "input", handler);

        assertThat(handler.events).allSatisfy(e -> assertThat(e.event().toString().length())
                .isLessThanOrEqualTo((int) SMALL.maxRecordBytes()));
        assertThat(handler.dead).allSatisfy(d -> assertThat(d.excerpt() == null ? 0 : d.excerpt().length())
                .isLessThanOrEqualTo(DocumentSplitter.EXCERPT));
    }

    @Example
    void hundredsOfMegabytesOfHostileInputAreReadInA96MegabyteHeap() throws Exception {
        // Given a JVM with a 96 MiB heap reading ~520 MB of hostile input generated as it is read
        Path out = Files.createTempFile("probe", ".txt");
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
                "-cp", System.getProperty("java.class.path"), BoundedMemoryProbe.class.getName())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();

        // When it has read it all
        boolean ended = probe.waitFor(5, TimeUnit.MINUTES);
        String output = Files.readString(out);
        Files.delete(out);

        // Then it ended normally, having found the good events between the hostile values and dead-lettered those
        assertThat(ended).as(output).isTrue();
        assertThat(probe.exitValue()).as(output).isZero();
        assertThat(output).contains("events=4", "deadLetters=2000004").doesNotContain("OutOfMemoryError");
    }

    private void assertBothReadTheSame(byte[] input) throws IOException {
        RecordingHandler exactHandler = new RecordingHandler();
        RecordingHandler fastHandler = new RecordingHandler();
        exact.read(new ByteArrayInputStream(input), "input", exactHandler);
        fast.read(new ByteArrayInputStream(input), "input", fastHandler);
        PrefilterEquivalenceTest.assertEquivalent(exactHandler, fastHandler);
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        return Arbitraries.longs().map(seed -> {
            Random random = new Random(seed);
            byte[] doc = BASES.get(random.nextInt(BASES.size()));
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations && doc.length > 0; m++) {
                doc = random.nextInt(6) == 0 ? repeatSlice(doc, random) : PrefilterEquivalenceTest.damage(doc, random);
            }
            return doc;
        });
    }

    /** A slice of the input repeated a few times where it was: records, keys or brackets copied. */
    private static byte[] repeatSlice(byte[] doc, Random random) {
        int from = random.nextInt(doc.length);
        int to = Math.min(doc.length, from + 1 + random.nextInt(200));
        int times = 2 + random.nextInt(20);
        byte[] out = new byte[doc.length + (to - from) * (times - 1)];
        System.arraycopy(doc, 0, out, 0, to);
        int at = to;
        for (int t = 1; t < times; t++) {
            System.arraycopy(doc, from, out, at, to - from);
            at += to - from;
        }
        System.arraycopy(doc, to, out, at, doc.length - to);
        return out;
    }

    private static boolean parsesWhole(byte[] input, int from, int to) {
        try (JsonParser p = Json.recordMapper().getFactory().createParser(input, from, to - from)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Generated log files (compact and pretty-printed) and the public samples, where present. */
    private static List<byte[]> bases() {
        List<byte[]> bases = new ArrayList<>();
        Random random = new Random(5);
        for (int i = 0; i < 12; i++) {
            bases.add(new PrefilterEquivalenceTest.LogFileWriter(random, i % 3 == 0).logFile(1 + random.nextInt(5)));
        }
        bases.add(("{\"x\":1}\n" + BoundedMemoryProbe.GOOD + "\n" + BoundedMemoryProbe.GOOD + "\n").getBytes(StandardCharsets.UTF_8));
        Path samples = SharedSamplesConformanceTest.samples();
        if (samples != null) {
            try (Stream<Path> files = Files.list(samples)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    bases.add(Files.readAllBytes(file));
                }
            } catch (IOException e) {
                // the generated files are enough
            }
        }
        return List.copyOf(bases);
    }
}
