package dev.rootwatch.common.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pool libdeflate decompresses into: as many inputs at once as its byte budget holds (the live
 * collector reads one per SQS worker), never more bytes than the budget, whatever the inputs claim.
 */
class LibdeflateOutputBuffersTest {

    private static final int MIB = 1 << 20;

    @Test
    void asManyInputsAsTheBudgetHoldsGetABufferAtOnce() {
        // Given a pool of 64 MiB that keeps 4 buffers between inputs
        LibdeflateGzip.OutputBuffers pool = new LibdeflateGzip.OutputBuffers(4, 64L * MIB);

        // When sixteen readers each take a buffer for a 4 MiB file at the same time
        List<byte[]> taken = sixteenOfFourMiB(pool);

        // Then every one gets its own buffer of that size, and the budget is spent: a seventeenth input is streamed
        assertThat(taken).doesNotContainNull().allSatisfy(b -> assertThat(b).hasSizeGreaterThanOrEqualTo(4 * MIB));
        assertThat(taken.stream().distinct()).hasSize(16);
        assertThat(pool.held()).isEqualTo(64L * MIB);
        assertThat(pool.take(1)).isNull();
    }

    @Test
    void buffersGivenBackAreKeptUpToTheirCountAndTheRestLeaveTheBudget() {
        // Given sixteen buffers of 4 MiB in use
        LibdeflateGzip.OutputBuffers pool = new LibdeflateGzip.OutputBuffers(4, 64L * MIB);
        List<byte[]> taken = sixteenOfFourMiB(pool);

        // When all are given back
        taken.forEach(pool::give);

        // Then four are kept (still in the budget) and reused for the next inputs; the others no longer count
        assertThat(pool.held()).isEqualTo(16L * MIB);
        byte[] again = pool.take(MIB);
        assertThat(taken).anySatisfy(b -> assertThat(b).isSameAs(again));
        assertThat(pool.held()).isEqualTo(16L * MIB);
    }

    @Test
    void aKeptBufferTooSmallForTheNextInputIsReplacedWithinTheBudget() {
        // Given a pool of 10 MiB holding one kept buffer of 1 MiB
        LibdeflateGzip.OutputBuffers pool = new LibdeflateGzip.OutputBuffers(2, 10L * MIB);
        pool.give(pool.take(MIB));

        // When an input of 6 MiB comes, then one of 5 MiB while the first is still in use
        byte[] large = pool.take(6 * MIB);
        byte[] second = pool.take(5 * MIB);

        // Then the small buffer made way for one large enough, and the second input finds no room: it is streamed
        assertThat(large).hasSizeGreaterThanOrEqualTo(6 * MIB);
        assertThat(pool.held()).isEqualTo(large.length);
        assertThat(second).isNull();
    }

    private static List<byte[]> sixteenOfFourMiB(LibdeflateGzip.OutputBuffers pool) {
        List<byte[]> taken = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            taken.add(pool.take(4 * MIB));
        }
        return taken;
    }
}
