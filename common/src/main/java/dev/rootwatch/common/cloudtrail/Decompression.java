package dev.rootwatch.common.cloudtrail;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Opens an input that may be gzip (CloudTrail log files are) or plain, told apart by the gzip
 * magic bytes rather than by a file name, and bounds what it may decompress to.
 */
public final class Decompression {

    private static final int BUFFER = 64 * 1024;

    private Decompression() {
    }

    /** The decompressed content of {@code raw}, failing with {@link InputTooLargeException} past {@code maxBytes}. */
    public static InputStream open(InputStream raw, long maxBytes) throws IOException {
        BufferedInputStream in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, BUFFER);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        boolean gzip = b1 == 0x1f && b2 == 0x8b;
        InputStream content = gzip ? new GZIPInputStream(in, BUFFER) : in;
        return new BoundedInputStream(content, maxBytes);
    }
}
