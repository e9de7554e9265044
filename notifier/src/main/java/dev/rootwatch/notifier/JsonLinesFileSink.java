package dev.rootwatch.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Alert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends each alert as one {@code rootwatch.alert/v1} JSON object per line (JSON Lines) to a file:
 * the replay command's output and a simple audit trail.
 *
 * <p>Each line is written with a single unbuffered write and, by default, forced to the storage
 * device before {@link #deliver(Alert)} returns, so an alert the notifier counts as delivered (and
 * whose offset it then commits) is on disk whole. A write that fails half way is cut off again, and
 * a file left without a final newline by a crash gets one before the next line, so every line
 * always parses on its own.
 */
public final class JsonLinesFileSink implements AlertSink {

    private static final Logger LOGGER = LoggerFactory.getLogger(JsonLinesFileSink.class);
    private static final byte NEWLINE = '\n';

    private final String name;
    private final Path path;
    private final boolean sync;
    private final FileChannel channel;

    /** A sink named {@code file} that forces every line to disk. */
    public JsonLinesFileSink(Path path) {
        this("file", path, true);
    }

    /**
     * @param name the sink's name in metrics and dead letters
     * @param path the file; created with its parent directories when missing, appended to otherwise
     * @param sync force each line to the storage device before returning (else: to the OS only, and
     *             to the device on {@link #close()})
     */
    public JsonLinesFileSink(String name, Path path, boolean sync) {
        this.name = Objects.requireNonNull(name, "name");
        this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
        this.sync = sync;
        this.channel = open(this.path);
    }

    @Override
    public String name() {
        return name;
    }

    /** The file written to. */
    public Path path() {
        return path;
    }

    @Override
    public synchronized void deliver(Alert alert) throws DeliveryException {
        ByteBuffer line = ByteBuffer.wrap(toLine(alert));
        long sizeBefore = -1;
        try {
            sizeBefore = channel.size();
            while (line.hasRemaining()) {
                channel.write(line);
            }
            if (sync) {
                channel.force(false);
            }
        } catch (IOException e) {
            cutBack(sizeBefore, e);
            throw new DeliveryException("cannot append to alert file " + path.getFileName() + ": " + e, e, true);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (!sync && channel.isOpen()) {
                channel.force(false); // lines written without forcing are on the storage device once the sink is closed
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close alert file " + path, e);
        }
    }

    private static byte[] toLine(Alert alert) throws DeliveryException {
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(alert);
        } catch (JsonProcessingException e) {
            throw new DeliveryException("cannot write alert as JSON: " + e.getClass().getSimpleName(), e, false);
        }
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = NEWLINE;
        return line;
    }

    /** Removes a partly written line, so the next alert starts on a line of its own. */
    private void cutBack(long sizeBefore, IOException failure) {
        if (sizeBefore < 0) {
            return;
        }
        try {
            channel.truncate(sizeBefore);
        } catch (IOException e) {
            failure.addSuppressed(e);
            LOGGER.warn("cannot cut a partly written line from alert file path={} error={}", path, e.toString());
        }
    }

    private static FileChannel open(Path path) {
        try {
            Path parent = path.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            FileChannel channel = FileChannel.open(path,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            try {
                terminateLastLine(path, channel);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open alert file " + path, e);
        }
    }

    /** A crash during an earlier append may have left a line without its newline: end it. */
    private static void terminateLastLine(Path path, FileChannel appender) throws IOException {
        long size = appender.size();
        if (size == 0) {
            return;
        }
        try (FileChannel reader = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            reader.read(last, size - 1);
            if (last.get(0) != NEWLINE) {
                LOGGER.warn("alert file did not end with a newline, ending its last line path={}", path);
                appender.write(ByteBuffer.wrap(new byte[] {NEWLINE}));
            }
        }
    }
}
