package dev.rootwatch.collector.lookup;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.SourceSettings;
import dev.rootwatch.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the LookupEvents poller has read, per region and event name, and which eventIDs of the
 * overlap window it already sent: a small JSON file replaced atomically after each completed
 * poll, so a restart resumes where the last acknowledged poll ended (minus the overlap) without
 * sending the overlap's events again. A file, not a compacted topic: the poller is one process
 * per set of accounts, the state is a few kilobytes, and a lost file costs only one initial
 * lookback of re-reading (duplicates are dropped by eventID downstream).
 */
public final class LookupCheckpoint {

    private static final Logger LOGGER = LoggerFactory.getLogger(LookupCheckpoint.class);
    static final String SCHEMA = "rootwatch.lookup-checkpoint/v1";

    private final Path file;
    private final Map<String, Position> positions;

    private LookupCheckpoint(Path file, Map<String, Position> positions) {
        this.file = file;
        this.positions = positions;
    }

    /**
     * Reads the checkpoint file, or starts empty when it does not exist (or {@code file} is null:
     * memory only). An unreadable file stops start-up: guessing a position could skip events.
     */
    public static LookupCheckpoint open(Path file) {
        if (file == null || !Files.exists(file)) {
            return new LookupCheckpoint(file, new TreeMap<>());
        }
        try {
            Stored stored = Json.mapper().readValue(file.toFile(), Stored.class);
            if (!SCHEMA.equals(stored.schema()) || stored.positions() == null) {
                throw new ConfigException("checkpoint file " + file + " is not a " + SCHEMA + " file; move it away or fix "
                        + SourceSettings.LOOKUP_CHECKPOINT_FILE.key());
            }
            LOGGER.info("lookup checkpoint read file={} positions={}", file, stored.positions().size());
            return new LookupCheckpoint(file, new TreeMap<>(stored.positions()));
        } catch (IOException e) {
            throw new ConfigException("checkpoint file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); move it away to start from " + SourceSettings.LOOKUP_INITIAL_LOOKBACK.key(), e);
        }
    }

    public synchronized Optional<Position> position(String region, String eventName) {
        return Optional.ofNullable(positions.get(key(region, eventName)));
    }

    /** Records a completed poll and writes the file. */
    public synchronized void advance(String region, String eventName, Position position) {
        positions.put(key(region, eventName), position);
        if (file == null) {
            return;
        }
        try {
            byte[] bytes = Json.mapper().writeValueAsBytes(new Stored(SCHEMA, positions));
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("checkpoint does not serialize", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint file " + file, e);
        }
    }

    private static String key(String region, String eventName) {
        return region + "/" + eventName;
    }

    /**
     * @param through the end of the last completed poll window
     * @param sent    eventIDs sent whose eventTime lies within the overlap before {@code through}, with their eventTime
     */
    public record Position(Instant through, Map<String, Instant> sent) {
        public Position {
            sent = Map.copyOf(sent == null ? Map.of() : sent);
        }
    }

    record Stored(String schema, Map<String, Position> positions) {
    }
}
