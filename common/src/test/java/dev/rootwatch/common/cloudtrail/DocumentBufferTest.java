package dev.rootwatch.common.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

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
