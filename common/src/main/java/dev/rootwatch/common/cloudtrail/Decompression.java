package dev.rootwatch.common.cloudtrail;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.zip.GZIPInputStream;

/**
 * Opens an input that may be gzip (CloudTrail log files are) or plain, told apart by the gzip
 * magic bytes rather than by a file name, and bounds what it may decompress to.
 *
 * <p>A gzip input of up to {@link LibdeflateGzip#MAX_COMPRESSED_BYTES} is decompressed in one go by
 * libdeflate where that is allowed and loads (about twice the speed of the JDK's zlib); anything
 * that path does not take whole, exactly as its trailer says (a larger, multi-member, damaged or
 * truncated file, one whose trailer lies, or no buffer free), is read again by the JDK's streaming
 * decompressor, so what a damaged file yields and how it fails do not depend on the path.
 */
public final class Decompression {

    private static final int BUFFER = 64 * 1024;

    private Decompression() {
    }

    /** The decompressed content of {@code raw} under {@code limits}, failing with {@link InputTooLargeException} past its size bound. */
    public static InputStream open(InputStream raw, InputLimits limits) throws IOException {
        return open(raw, limits.maxDecompressedBytes(), limits.libdeflate());
    }

    /** The decompressed content of {@code raw}, failing with {@link InputTooLargeException} past {@code maxBytes}. */
    public static InputStream open(InputStream raw, long maxBytes) throws IOException {
        return open(raw, maxBytes, true);
    }

    private static InputStream open(InputStream raw, long maxBytes, boolean libdeflate) throws IOException {
        BufferedInputStream in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, BUFFER);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        boolean gzip = b1 == 0x1f && b2 == 0x8b;
        if (!gzip) {
            return new BoundedInputStream(in, maxBytes);
        }
        InputStream compressed = in;
        if (libdeflate && LibdeflateGzip.available()) {
            byte[] head = in.readNBytes(LibdeflateGzip.MAX_COMPRESSED_BYTES + 1);
            if (head.length <= LibdeflateGzip.MAX_COMPRESSED_BYTES) {
                InputStream whole = LibdeflateGzip.decompress(head, maxBytes);
                if (whole != null) {
                    return whole; // no larger than maxBytes: its size was checked before a byte was written
                }
            }
            compressed = new SequenceInputStream(new ByteArrayInputStream(head), in);
        }
        return new BoundedInputStream(new GZIPInputStream(compressed, BUFFER), maxBytes);
    }
}
