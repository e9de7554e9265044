package dev.rootwatch.common.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
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
}
