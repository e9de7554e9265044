package dev.rootwatch.common.cloudtrail;

import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

/** Hostile input generated as it is read, never held: a head, a unit repeated many times, a tail. */
final class HostileStream extends InputStream {

    private final byte[][] parts;
    private final long[] repeats;
    private int part;
    private long done;
    private int pos;

    private HostileStream(byte[] head, byte[] unit, long times, byte[] tail) {
        this.parts = new byte[][] {head, unit, tail};
        this.repeats = new long[] {1, times, 1};
    }

    static HostileStream of(String head, String unit, long times, String tail) {
        return new HostileStream(bytes(head), bytes(unit), times, bytes(tail));
    }

    /** Several such streams one after the other: a sequence of documents. */
    static InputStream concat(List<InputStream> streams) {
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        while (part < parts.length && (done >= repeats[part] || parts[part].length == 0)) {
            part++;
            done = 0;
            pos = 0;
        }
        if (part >= parts.length) {
            return -1;
        }
        byte[] current = parts[part];
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        if (pos == current.length) {
            pos = 0;
            done++;
        }
        return n;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
