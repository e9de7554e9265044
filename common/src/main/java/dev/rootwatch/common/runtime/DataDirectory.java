package dev.rootwatch.common.runtime;

import dev.rootwatch.common.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a rootwatch process keeps what must outlive it: the embedded broker's log ({@code kafka/})
 * and the evaluator's state stores ({@code evaluator/}). One process at a time: opening takes an
 * exclusive lock on {@code rootwatch.lock} inside it (the operating system releases it when the
 * process ends, even by {@code kill -9}), and a second process gets an error naming the first.
 *
 * <p>{@code demo} and {@code replay} use a {@linkplain #temporary temporary} one instead, deleted
 * when they close. One left behind by a killed process is recognized by its free lock and deleted
 * by the next rootwatch process that {@linkplain #sweepOrphans() sweeps}.
 */
public final class DataDirectory implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(DataDirectory.class);

    static final String LOCK_FILE = "rootwatch.lock";
    static final String TEMPORARY_PREFIX = "rootwatch-tmp-";
    /** A temporary directory younger than this is never swept: its process may be between creating and locking it. */
    static final java.time.Duration ORPHAN_AGE = java.time.Duration.ofMinutes(1);

    private final Path root;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean temporary;
    private boolean closed;

    private DataDirectory(Path root, FileChannel channel, FileLock lock, boolean temporary) {
        this.root = root;
        this.channel = channel;
        this.lock = lock;
        this.temporary = temporary;
    }

    /**
     * Opens (creating it when missing) and locks a durable data directory.
     *
     * @throws ConfigException when it cannot be created or another process holds it
     */
    public static DataDirectory open(Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new ConfigException("cannot create the data directory " + root + ": " + e);
        }
        DataDirectory opened = lock(root, false);
        LOGGER.info("data directory dataDir={}", root);
        return opened;
    }

    /** Creates and locks a temporary data directory, deleted by {@link #close()}. */
    public static DataDirectory temporary() {
        Path root;
        try {
            root = Files.createTempDirectory(TEMPORARY_PREFIX);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
        return lock(root, true);
    }

    private static DataDirectory lock(Path root, boolean temporary) {
        Path lockFile = root.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw new ConfigException("the data directory " + root + " is in use by another rootwatch process"
                        + (holder.isEmpty() ? "" : " (" + holder + ")") + "; give each process its own data.dir");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new DataDirectory(root, channel, lock, temporary);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ConfigException("cannot lock the data directory " + root + ": " + e);
        }
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }

    /** The directory itself. */
    public Path root() {
        return root;
    }

    /** The embedded broker's log and metadata. */
    public Path kafka() {
        return root.resolve("kafka");
    }

    /** The evaluator's state stores. */
    public Path evaluatorState() {
        return root.resolve("evaluator");
    }

    /**
     * A random id made when the directory was first used and kept in it ({@code instance.id}): who uses this
     * directory is the same member of Kafka's consumer groups across restarts (static membership), so a restart
     * takes its place at once instead of waiting for the group to give the old member up.
     */
    public String instanceId() {
        Path file = root.resolve("instance.id");
        try {
            if (Files.isRegularFile(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (id.matches("[0-9a-f-]{36}")) {
                    return id;
                }
            }
            String id = java.util.UUID.randomUUID().toString();
            Path written = root.resolve("instance.id.new");
            Files.writeString(written, id + "\n", StandardCharsets.UTF_8);
            Files.move(written, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the instance id in " + root, e);
        }
    }

    /** Whether {@link #close()} deletes it. */
    public boolean isTemporary() {
        return temporary;
    }

    /** Releases the lock; a temporary directory is deleted. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (IOException e) {
            LOGGER.debug("lock not released dataDir={} error={}", root, e.toString());
        }
        closeQuietly(channel);
        if (temporary) {
            deleteRecursively(root);
        }
    }

    /**
     * Deletes the temporary data directories of rootwatch processes that ended without cleaning up
     * (killed): those whose lock nobody holds. Never touches one in use, nor anything else.
     *
     * @return how many were deleted
     */
    public static int sweepOrphans() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        int deleted = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, TEMPORARY_PREFIX + "*")) {
            for (Path candidate : entries) {
                if (Files.isDirectory(candidate, java.nio.file.LinkOption.NOFOLLOW_LINKS) && orphaned(candidate)) {
                    deleteRecursively(candidate);
                    deleted++;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOGGER.debug("temporary directories not swept error={}", e.toString());
        }
        if (deleted > 0) {
            LOGGER.info("deleted temporary data directories left by stopped rootwatch processes count={}", deleted);
        }
        return deleted;
    }

    private static boolean orphaned(Path candidate) {
        Path lockFile = candidate.resolve(LOCK_FILE);
        try {
            if (!Files.isRegularFile(lockFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    || Files.getLastModifiedTime(candidate).toInstant().isAfter(java.time.Instant.now().minus(ORPHAN_AGE))) {
                // not ours, or created a moment ago by a process that may not have locked it yet: leave it
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return false; // this very process holds it
            }
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOGGER.warn("temporary data directory not deleted dataDir={} error={}", directory, e.toString());
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOGGER.debug("lock file not closed error={}", e.toString());
        }
    }
}
