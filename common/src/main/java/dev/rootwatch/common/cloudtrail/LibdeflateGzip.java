package dev.rootwatch.common.cloudtrail;

import com.fulcrumgenomics.jlibdeflate.DecompressionResult;
import com.fulcrumgenomics.jlibdeflate.LibdeflateDecompressor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole-buffer gzip decompression with libdeflate (bundled for Linux, macOS and Windows on x86-64
 * and arm64): a CloudTrail log file is a few hundred kilobytes of gzip, small enough to hold, and
 * libdeflate inflates it about twice as fast as the JDK's zlib. The output goes to a buffer of
 * exactly the size the gzip trailer states, taken from a shared pool, so what one input may make it
 * write is bounded by construction whatever its trailer claims; an input that does not decompress
 * to exactly that, in exactly one member, is left to the JDK's streaming decompressor. The pool's
 * buffers together stay within {@link #MAX_POOL_BYTES}, however many inputs are read at once (the
 * live collector reads as many objects as it has SQS workers); an input that finds it spent is
 * streamed too.
 * Where the native library cannot load (another platform, a temporary directory mounted noexec),
 * every input takes the JDK's path, and the reason is logged once.
 */
final class LibdeflateGzip {

    /** Largest gzip input decompressed whole; CloudTrail delivers files far smaller. */
    static final int MAX_COMPRESSED_BYTES = 2 << 20;
    /** Largest output decompressed whole. */
    static final int MAX_OUTPUT_BYTES = 8 << 20;
    /** Bytes of all output buffers together, in use or kept. */
    static final long MAX_POOL_BYTES = 64L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(LibdeflateGzip.class);
    private static final int GZIP_MIN_BYTES = 18;
    private static final ThreadLocal<LibdeflateDecompressor> DECOMPRESSORS = ThreadLocal.withInitial(LibdeflateDecompressor::new);
    private static final OutputBuffers BUFFERS = new OutputBuffers(Math.min(8, 2 * Runtime.getRuntime().availableProcessors()),
            MAX_POOL_BYTES);
    private static volatile Boolean available;

    private LibdeflateGzip() {
    }

    /** Whether the native library loaded; tried once. */
    static boolean available() {
        Boolean known = available;
        if (known == null) {
            known = load();
        }
        return known;
    }

    private static synchronized boolean load() {
        if (available == null) {
            try {
                DECOMPRESSORS.get();
                available = true;
            } catch (LinkageError | RuntimeException e) {
                LOG.warn("libdeflate is not available, gzip inputs are decompressed by the JDK's zlib reason={}", e.toString());
                available = false;
            }
        }
        return available;
    }

    /**
     * The whole content of the one-member gzip {@code compressed}, or null where it is not that (or
     * larger than {@code maxBytes}, or no output buffer is free): the caller then streams it.
     */
    static InputStream decompress(byte[] compressed, long maxBytes) {
        int n = compressed.length;
        if (n < GZIP_MIN_BYTES) {
            return null;
        }
        // ISIZE, the trailer's length of the input modulo 2^32: only a claim, checked below
        long size = (compressed[n - 4] & 0xffL) | (compressed[n - 3] & 0xffL) << 8 | (compressed[n - 2] & 0xffL) << 16
                | (compressed[n - 1] & 0xffL) << 24;
        if (size > Math.min(maxBytes, MAX_OUTPUT_BYTES)) {
            return null;
        }
        byte[] out = BUFFERS.take((int) size);
        if (out == null) {
            return null;
        }
        try {
            DecompressionResult result = DECOMPRESSORS.get().gzipDecompressEx(compressed, 0, n, out, 0, (int) size);
            if (result.inputBytesConsumed() == n && result.outputBytesProduced() == size) {
                return new PooledBytes(out, (int) size);
            }
        } catch (RuntimeException e) {
            // damaged, truncated, or larger than its trailer says: the JDK's decompressor tells how
        }
        BUFFERS.give(out);
        return null;
    }

    /**
     * Output buffers shared by all readers: any number in use as long as all of them, in use or kept,
     * fit in a byte budget; a few are kept between inputs, each grown to the largest input it held.
     */
    static final class OutputBuffers {

        private final byte[][] kept;
        private final long budget;
        private int keptCount;
        private long held;

        OutputBuffers(int keep, long budget) {
            this.kept = new byte[keep][];
            this.budget = budget;
        }

        /** A buffer of at least {@code size} bytes, or null when the budget has no room for one. */
        synchronized byte[] take(int size) {
            byte[] buffer = null;
            if (keptCount > 0) {
                buffer = kept[--keptCount];
                kept[keptCount] = null;
                if (buffer.length >= size) {
                    return buffer;
                }
                held -= buffer.length; // too small: let go, in favour of one large enough
            }
            int length = Math.max(size, Math.min(MAX_OUTPUT_BYTES, buffer == null ? 0 : buffer.length * 2));
            if (held + length > budget) {
                return null;
            }
            held += length;
            return new byte[length];
        }

        synchronized void give(byte[] buffer) {
            if (keptCount < kept.length) {
                kept[keptCount++] = buffer;
            } else {
                held -= buffer.length;
            }
        }

        /** Bytes of the budget taken now, in use or kept (for tests). */
        synchronized long held() {
            return held;
        }
    }

    /** The decompressed bytes; closing gives the buffer back, after which nothing can be read from it. */
    private static final class PooledBytes extends InputStream implements WholeInput {

        private byte[] buffer;
        private final int size;
        private int position;

        PooledBytes(byte[] buffer, int size) {
            this.buffer = buffer;
            this.size = size;
        }

        @Override
        public byte[] wholeBytes() {
            return position == 0 ? buffer : null;
        }

        @Override
        public int wholeLength() {
            return size;
        }

        @Override
        public int read() throws IOException {
            byte[] b = open();
            return position < size ? b[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, target.length);
            byte[] b = open();
            if (len == 0) {
                return 0;
            }
            if (position >= size) {
                return -1;
            }
            int n = Math.min(len, size - position);
            System.arraycopy(b, position, target, off, n);
            position += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            open();
            long skipped = Math.max(0, Math.min(n, size - position));
            position += (int) skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            open();
            return size - position;
        }

        @Override
        public void close() {
            if (buffer != null) {
                BUFFERS.give(buffer);
                buffer = null;
            }
        }

        private byte[] open() throws IOException {
            if (buffer == null) {
                throw new IOException("closed");
            }
            return buffer;
        }
    }
}
