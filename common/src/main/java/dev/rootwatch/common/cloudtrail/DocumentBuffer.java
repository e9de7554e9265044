package dev.rootwatch.common.cloudtrail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One input read into memory, up to a bound, so the byte-level pass can look at a whole log
 * file. The arrays are reused: a CloudTrail file is a few megabytes, and allocating (and
 * zeroing) that much per file would cost a good part of what decompressing it costs. At most a
 * few arrays of bounded size are kept between files, and all arrays, in use or kept, share one
 * budget ({@link #MAX_TOTAL_BYTES}): however many inputs are read at once (SQS workers, replay
 * readers), an input that finds the budget spent is read by the streaming parser instead.
 */
final class DocumentBuffer implements AutoCloseable {

    /** The largest document read into memory; a larger one is streamed by the exact parser. */
    static final int MAX_BYTES = 32 << 20;
    /** A new array starts small (an SQS message is a few kilobytes) and grows; reused ones are already large. */
    private static final int FIRST_SIZE = 64 << 10;
    private static final int KEPT_SIZE = 16 << 20;
    private static final int KEPT_COUNT = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Bytes of all arrays together, in use or kept. */
    static final long MAX_TOTAL_BYTES = 64L << 20;
    private static final ConcurrentLinkedQueue<byte[]> POOL = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger POOLED = new AtomicInteger();
    private static final AtomicLong HELD = new AtomicLong();

    private byte[] bytes;
    private int length;
    private boolean complete;
    /** The bytes belong to the input (a {@link WholeInput}): neither kept nor counted here. */
    private boolean borrowed;
    private IOException damage;

    private DocumentBuffer(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * {@code in} read until its end, until {@code MAX_BYTES}, or until it fails: a failure is
     * kept, not thrown, with what was read before it.
     */
    static DocumentBuffer read(InputStream in) {
        if (in instanceof WholeInput whole && whole.wholeBytes() != null && whole.wholeLength() <= MAX_BYTES) {
            // already whole in memory (and counted in its own pool's budget): read where it is, not copied
            DocumentBuffer doc = new DocumentBuffer(whole.wholeBytes());
            doc.length = whole.wholeLength();
            doc.complete = true;
            doc.borrowed = true;
            return doc;
        }
        byte[] array = POOL.poll();
        if (array != null) {
            POOLED.decrementAndGet();
        } else {
            HELD.addAndGet(FIRST_SIZE); // small: always granted, so every input gets its first bytes read
            array = new byte[FIRST_SIZE];
        }
        DocumentBuffer doc = new DocumentBuffer(array);
        doc.fill(in);
        return doc;
    }

    /**
     * Whether {@code in} tells before a byte is read that it holds more than {@link #MAX_BYTES}: the stream
     * of a plain file counts what is left of the file as available. Such an input would take the whole
     * bound of memory (and as much copying) only to be streamed all the same.
     */
    static boolean knownTooLarge(InputStream in) {
        try {
            return in.available() > MAX_BYTES;
        } catch (IOException e) {
            return false; // reading will meet the same failure, and report it
        }
    }

    /** The number of the first line holding something else than whitespace, as the line reader counts lines. */
    int firstLineNumber() {
        int line = 1;
        for (int i = 0; i < length; i++) {
            byte c = bytes[i];
            if (c == '\n') {
                line++;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                break;
            }
        }
        return line;
    }

    private void fill(InputStream rest) {
        try {
            while (true) {
                if (length == bytes.length) {
                    int grown = Math.min(MAX_BYTES, bytes.length * 2);
                    if (bytes.length >= MAX_BYTES || !reserve(grown - bytes.length)) {
                        return; // too large to hold, or no room now: not complete, the rest stays in the stream
                    }
                    bytes = Arrays.copyOf(bytes, grown);
                }
                int n = rest.read(bytes, length, bytes.length - length);
                if (n < 0) {
                    complete = true;
                    return;
                }
                length += n;
            }
        } catch (IOException e) {
            damage = e;
        }
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** Whether the whole input is in memory. */
    boolean complete() {
        return complete;
    }

    /** The failure of the input after what was read, or null. */
    IOException damage() {
        return damage;
    }

    /** What was read, then the input's failure if it failed, as a stream for the exact parser. */
    InputStream replay() {
        InputStream read = new ByteArrayInputStream(bytes, 0, length);
        if (damage == null) {
            return read;
        }
        return new java.io.SequenceInputStream(read, failing(damage));
    }

    /** A stream that fails with {@code failure} when read: an input's own failure, replayed after what came before it. */
    static InputStream failing(IOException failure) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                throw failure;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw failure;
            }
        };
    }

    @Override
    public void close() {
        byte[] array = bytes;
        bytes = null;
        if (array == null || borrowed) {
            return;
        }
        if (array.length <= KEPT_SIZE && POOLED.incrementAndGet() <= KEPT_COUNT) {
            POOL.offer(array); // kept, and still counted in the budget
            return;
        }
        if (array.length <= KEPT_SIZE) {
            POOLED.decrementAndGet();
        }
        HELD.addAndGet(-array.length);
    }

    /** Takes {@code n} bytes of the shared budget; false, taking nothing, when they are not there. */
    private static boolean reserve(long n) {
        long held;
        do {
            held = HELD.get();
            if (held + n > MAX_TOTAL_BYTES) {
                return false;
            }
        } while (!HELD.compareAndSet(held, held + n));
        return true;
    }

    /** Bytes of the budget taken now (for tests). */
    static long held() {
        return HELD.get();
    }
}
