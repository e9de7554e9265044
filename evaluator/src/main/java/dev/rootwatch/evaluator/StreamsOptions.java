package dev.rootwatch.evaluator;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * How the evaluator runs as a Kafka Streams application (as opposed to what it detects, which
 * is {@link EvaluatorSettings}).
 *
 * @param applicationId   Kafka Streams application id: consumer group and state store prefix
 * @param commitInterval  exactly-once commit interval
 * @param stateDir        directory of the local state stores; empty means a temporary directory (the
 *                        {@code rootwatch} command and the evaluator service put it in {@code data.dir})
 * @param standbyReplicas standby replicas of the state, for fast fail-over
 * @param instanceId      static group membership id (the data directory's), empty for a dynamic member
 */
public record StreamsOptions(String applicationId, Duration commitInterval, String stateDir, int standbyReplicas,
                             long stateMemoryBytes, String instanceId) {

    /** The default cap of the state stores' off-heap memory ({@code evaluator.stateMemory}). */
    public static final long DEFAULT_STATE_MEMORY_BYTES = 64L << 20;

    public StreamsOptions(String applicationId, Duration commitInterval, String stateDir, int standbyReplicas) {
        this(applicationId, commitInterval, stateDir, standbyReplicas, DEFAULT_STATE_MEMORY_BYTES);
    }

    public StreamsOptions(String applicationId, Duration commitInterval, String stateDir, int standbyReplicas,
                          long stateMemoryBytes) {
        this(applicationId, commitInterval, stateDir, standbyReplicas, stateMemoryBytes, "");
    }

    public StreamsOptions {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(commitInterval, "commitInterval");
        stateDir = stateDir == null ? "" : stateDir.trim();
        instanceId = instanceId == null ? "" : instanceId.trim();
        if (applicationId.isBlank()) {
            throw new IllegalArgumentException("applicationId must not be blank");
        }
        if (commitInterval.isNegative() || commitInterval.toMillis() < 1) {
            throw new IllegalArgumentException("commitInterval must be at least 1 ms, was " + commitInterval);
        }
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standbyReplicas must not be negative, was " + standbyReplicas);
        }
        if (stateMemoryBytes < (8L << 20)) {
            throw new IllegalArgumentException("evaluator.stateMemory must be at least 8MiB, was " + stateMemoryBytes + " bytes");
        }
    }

    public static StreamsOptions from(Config config) {
        return new StreamsOptions(
                config.get(Settings.EVALUATOR_APPLICATION_ID),
                config.get(Settings.EVALUATOR_COMMIT_INTERVAL),
                config.get(Settings.EVALUATOR_STATE_DIR),
                config.get(Settings.EVALUATOR_STANDBY_REPLICAS),
                config.get(Settings.EVALUATOR_STATE_MEMORY).bytes());
    }

    /** These options with the state stores in {@code directory}. */
    public StreamsOptions withStateDir(String directory) {
        return new StreamsOptions(applicationId, commitInterval, directory, standbyReplicas, stateMemoryBytes, instanceId);
    }

    /**
     * These options with a static group membership: a restarted evaluator with the same id takes its place in the
     * group at once, instead of waiting for the group to notice the old one is gone (the session timeout).
     */
    public StreamsOptions withInstanceId(String id) {
        return new StreamsOptions(applicationId, commitInterval, stateDir, standbyReplicas, stateMemoryBytes, id);
    }

    /** True when no state directory is configured and a temporary one is used. */
    public boolean temporaryStateDir() {
        return stateDir.isEmpty();
    }
}
