package dev.rootwatch.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootwatch.bench.CloudTrailGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * One CloudTrail log file held in memory, as S3 delivers it (gzip) and as it reads once
 * decompressed (plain JSON), with what the generator says is in it. It is made by the bench
 * harness's own generator, with the seed and mix {@code bench/run} uses, so the per-record
 * figures of JMH and the whole-directory figures of {@code bench/run} describe the same records.
 */
record SampleLog(byte[] plain, byte[] gzip, int records, long relevant) {

    private static final long SEED = 42;
    private static final int RELEVANT_PER_MILLE = 1;

    /** Generates one file of {@code records} records in a scratch directory, reads it back and removes the directory. */
    static SampleLog generate(int records) throws IOException {
        Path scratch = Files.createTempDirectory("rootwatch-jmh");
        try {
            Path dir = scratch.resolve("cloudtrail");
            Path expectedFile = writeWithGenerator(dir, records);
            List<Path> files = list(dir);
            if (files.size() != 1) {
                throw new IllegalStateException("expected one log file, the generator wrote " + files.size());
            }
            byte[] gzip = Files.readAllBytes(files.get(0));
            byte[] plain;
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
                plain = in.readAllBytes();
            }
            JsonNode expected = new ObjectMapper().readTree(expectedFile.toFile());
            if (expected.path("records").asLong() != records || expected.path("uncompressedBytes").asLong() != plain.length) {
                throw new IllegalStateException("the generated file does not match the generator's account of it: " + expected);
            }
            return new SampleLog(plain, gzip, records, expected.path("relevant").asLong());
        } finally {
            delete(scratch);
        }
    }

    private static Path writeWithGenerator(Path dir, int records) throws IOException {
        new CloudTrailGenerator(SEED, RELEVANT_PER_MILLE).write(dir, records, records);
        return CloudTrailGenerator.expectedFile(dir);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
