package dev.rootwatch.common.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentBufferTest {

    @Test
    void inputsReadAtOnceShareOneBoundedBudgetAndTheRestIsLeftToStreaming() {
        // Given six inputs of 30 MB read into memory at the same time (six SQS workers, say)
        byte[] input = new byte[30 << 20];
        List<DocumentBuffer> open = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                open.add(DocumentBuffer.read(new ByteArrayInputStream(input)));
            }

            // Then together they hold no more than the budget (and a first small array each); the others are incomplete
            long held = open.stream().mapToLong(d -> d.bytes().length).sum();
            assertThat(held).isLessThanOrEqualTo(DocumentBuffer.MAX_TOTAL_BYTES + 6L * (64 << 10));
            assertThat(open).filteredOn(DocumentBuffer::complete).hasSizeLessThanOrEqualTo(2);
            assertThat(open).filteredOn(d -> !d.complete()).isNotEmpty();
        } finally {
            open.forEach(DocumentBuffer::close);
        }
        // And once closed, only what is kept for reuse stays counted
        assertThat(DocumentBuffer.held()).isLessThanOrEqualTo(DocumentBuffer.MAX_TOTAL_BYTES);
    }

    @Test
    void aPlainFileLargerThanADocumentIsStreamedWithoutBeingHeldFirst(@TempDir Path dir) throws IOException {
        // Given a plain log file of 40 MB, opened as the collector opens a file
        String record = "{\"eventVersion\":\"1.08\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\","
                + "\"userIdentity\":{\"type\":\"AssumedRole\"},\"eventID\":\"%d\",\"pad\":\"" + "x".repeat(1_000) + "\"}";
        Path file = dir.resolve("large.json");
        int records = 40_000;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            out.write("{\"Records\":[");
            for (int i = 0; i < records; i++) {
                out.write((i == 0 ? "" : ",") + String.format(record, i));
            }
            out.write("]}");
        }
        assertThat(Files.size(file)).isGreaterThan(DocumentBuffer.MAX_BYTES);
        long heldBefore = DocumentBuffer.held();
        List<Long> heldWhileReading = new ArrayList<>();
        RecordingHandler recorded = new RecordingHandler() {
            @Override
            public void onEvent(JsonNode event, String envelopeAccount, String location) {
                heldWhileReading.add(DocumentBuffer.held());
                super.onEvent(event, envelopeAccount, location);
            }
        };

        // When the byte-level reader reads it
        try (InputStream in = Decompression.open(Files.newInputStream(file), 1L << 30)) {
            new EnvelopeReader(new InputLimits(1L << 30, 1 << 20), PrefilterEquivalenceTest.PREFILTER).read(in, "large.json", recorded);
        }

        // Then every record was read, by the exact parser, and no document's memory was taken for it meanwhile
        assertThat(recorded.events).hasSize(records);
        assertThat(recorded.dead).isEmpty();
        assertThat(heldWhileReading).isNotEmpty().allSatisfy(held -> assertThat(held).isEqualTo(heldBefore));
    }

    @Test
    void aGzipFileDecompressedWholeIsReadWhereItIsWithoutTakingFromTheBudget() throws IOException {
        // Given a gzip log file, opened as the collector opens one (libdeflate decompresses it whole)
        byte[] content = "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventName\":\"ConsoleLogin\"}]}".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(content);
        }
        long heldBefore = DocumentBuffer.held();
        try (InputStream in = Decompression.open(new ByteArrayInputStream(gz.toByteArray()), 1 << 20)) {
            boolean whole = in instanceof WholeInput w && w.wholeBytes() != null;
            assertThat(whole).as("decompressed whole by libdeflate").isEqualTo(LibdeflateGzip.available());

            // When it is read into a document
            try (DocumentBuffer doc = DocumentBuffer.read(in)) {

                // Then the document is complete and holds exactly the file's content; where libdeflate took the file, the
                // document is its output buffer itself, and none of the documents' budget is taken for it
                assertThat(doc.complete()).isTrue();
                assertThat(Arrays.copyOf(doc.bytes(), doc.length())).isEqualTo(content);
                if (whole) {
                    assertThat(DocumentBuffer.held()).isEqualTo(heldBefore);
                }
            }
        }
        assertThat(DocumentBuffer.held()).isLessThanOrEqualTo(DocumentBuffer.MAX_TOTAL_BYTES);
    }
}
