package dev.rootwatch.common.cloudtrail;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;

/**
 * Bounds on what one input may make rootwatch read, and how it decompresses gzip.
 *
 * @param maxDecompressedBytes the most bytes one file or object may decompress to
 * @param maxRecordBytes       the most bytes of one CloudTrail record or one JSON Lines line
 * @param libdeflate           whether gzip files small enough are decompressed whole by libdeflate
 *                             (native, bundled) rather than by the JDK's zlib
 */
public record InputLimits(long maxDecompressedBytes, long maxRecordBytes, boolean libdeflate) {

    public InputLimits {
        if (maxDecompressedBytes <= 0 || maxRecordBytes <= 0) {
            throw new IllegalArgumentException("input limits must be positive");
        }
        if (maxRecordBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("collector.maxRecordBytes must be below 2GiB");
        }
    }

    /** Limits with libdeflate on, as by default. */
    public InputLimits(long maxDecompressedBytes, long maxRecordBytes) {
        this(maxDecompressedBytes, maxRecordBytes, true);
    }

    public static InputLimits from(Config config) {
        return new InputLimits(config.get(Settings.COLLECTOR_MAX_DECOMPRESSED_BYTES).bytes(),
                config.get(Settings.COLLECTOR_MAX_RECORD_BYTES).bytes(), config.get(Settings.COLLECTOR_LIBDEFLATE));
    }

    public static InputLimits defaults() {
        return from(Config.defaults());
    }
}
