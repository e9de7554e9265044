package dev.rootwatch.common.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gzip inputs read the same whether libdeflate decompresses them whole or the JDK streams them:
 * same bytes, same failure, same bound, for well-formed files and for the damaged or lying ones
 * an attacker with write access to a trail bucket could plant.
 */
class DecompressionTest {

    private static final long LIMIT = 1 << 20;

    private static byte[] logFile(int records, long seed) {
        Random random = new Random(seed);
        StringBuilder json = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < records; i++) {
            json.append(i == 0 ? "" : ",").append("{\"eventID\":\"").append(Long.toHexString(random.nextLong()))
                    .append("\",\"eventName\":\"GetObject\",\"sourceIPAddress\":\"198.51.100.").append(random.nextInt(256)).append("\"}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** What reading {@code file} to its end yields: its bytes, or the exception that stopped it. */
    private static Object readAll(byte[] file, boolean libdeflate, long limit) {
        try (InputStream in = Decompression.open(new ByteArrayInputStream(file), new InputLimits(limit, 64 * 1024, libdeflate))) {
            return Arrays.hashCode(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return e.getClass();
        }
    }

    @Test
    void theNativeLibraryLoadsOnThisPlatform() {
        assertThat(LibdeflateGzip.available()).isTrue();
    }

    @Test
    void aCloudTrailLogFileDecompressesToItsContentEitherWay() throws IOException {
        // Given a gzip log file of a few hundred records
        byte[] content = logFile(500, 1);
        byte[] file = gzip(content);

        // When it is read with libdeflate and with the JDK alone
        byte[] whole;
        try (InputStream in = Decompression.open(new ByteArrayInputStream(file), new InputLimits(LIMIT, 64 * 1024, true))) {
            whole = in.readAllBytes();
        }
        byte[] streamed;
        try (InputStream in = Decompression.open(new ByteArrayInputStream(file), new InputLimits(LIMIT, 64 * 1024, false))) {
            streamed = in.readAllBytes();
        }

        // Then both give the content
        assertThat(whole).isEqualTo(content);
        assertThat(streamed).isEqualTo(content);
    }

    @Test
    void aFileOfTwoGzipMembersYieldsBoth() throws IOException {
        // Given two gzip members back to back (gzip allows it; the trailer then counts the last member only)
        byte[] first = logFile(50, 2);
        byte[] second = logFile(70, 3);
        byte[] file = concat(gzip(first), gzip(second));

        // When it is read, Then both members come out, as the JDK has always read them
        try (InputStream in = Decompression.open(new ByteArrayInputStream(file), new InputLimits(LIMIT, 64 * 1024, true))) {
            assertThat(in.readAllBytes()).isEqualTo(concat(first, second));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"trailer claims fewer bytes", "trailer claims more bytes", "truncated", "bit flipped in the data",
            "crc wrong", "trailing garbage", "header only"})
    void aDamagedOrLyingFileEndsTheSameWayOnBothPaths(String damage) throws IOException {
        // Given a gzip file damaged in one way
        byte[] file = gzip(logFile(400, 4));
        int n = file.length;
        switch (damage) {
            case "trailer claims fewer bytes" -> file[n - 3]--;
            case "trailer claims more bytes" -> file[n - 3]++;
            case "truncated" -> file = Arrays.copyOf(file, n / 2);
            case "bit flipped in the data" -> file[n / 2] ^= 0x10;
            case "crc wrong" -> file[n - 8] ^= 0x01;
            case "trailing garbage" -> file = concat(file, "garbage!".getBytes(StandardCharsets.UTF_8));
            case "header only" -> file = Arrays.copyOf(file, 10);
            default -> throw new IllegalArgumentException(damage);
        }

        // When it is read with libdeflate and with the JDK alone, Then the outcome is the same
        assertThat(readAll(file, true, LIMIT)).isEqualTo(readAll(file, false, LIMIT));
    }

    @Test
    void aFileLargerThanTheBoundFailsAsOversizedWhateverItsTrailerSays() throws IOException {
        // Given a file that decompresses to 2 MiB of zeros, once with an honest trailer and once claiming 100 bytes
        byte[] honest = gzip(new byte[2 << 20]);
        byte[] lying = honest.clone();
        int n = lying.length;
        lying[n - 4] = 100;
        lying[n - 3] = 0;
        lying[n - 2] = 0;
        lying[n - 1] = 0;

        // When either is read under a 1 MiB bound, Then it fails as too large on both paths
        for (byte[] file : List.of(honest, lying)) {
            assertThat(readAll(file, true, LIMIT)).isEqualTo(InputTooLargeException.class);
            assertThat(readAll(file, false, LIMIT)).isEqualTo(InputTooLargeException.class);
        }
    }

    @Test
    void aClosedInputCannotBeReadAgain() throws IOException {
        // Given a log file opened and closed
        InputStream in = Decompression.open(new ByteArrayInputStream(gzip(logFile(10, 5))), LIMIT);
        in.close();

        // When it is read after close, Then it refuses: its buffer now serves another file
        assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    }

    @Test
    void moreFilesOpenAtOnceThanPooledBuffersStillReadCorrectly() throws IOException {
        // Given more files open at the same time than there are pooled output buffers
        List<byte[]> contents = new ArrayList<>();
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                byte[] content = logFile(100 + i, 100 + i);
                contents.add(content);
                open.add(Decompression.open(new ByteArrayInputStream(gzip(content)), LIMIT));
            }

            // When each is read, Then each gives its own content (those beyond the pool are streamed)
            for (int i = 0; i < open.size(); i++) {
                assertThat(open.get(i).readAllBytes()).isEqualTo(contents.get(i));
            }
        } finally {
            for (InputStream in : open) {
                in.close();
            }
        }
    }

    @Test
    void aPlainFileIsReadAsItIs() throws IOException {
        // Given a plain (not gzip) log file
        byte[] content = logFile(20, 6);

        // When it is opened, Then its bytes come through unchanged
        try (InputStream in = Decompression.open(new ByteArrayInputStream(content), LIMIT)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }
}
