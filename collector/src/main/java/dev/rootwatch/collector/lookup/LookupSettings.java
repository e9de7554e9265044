package dev.rootwatch.collector.lookup;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.SourceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * The LookupEvents source's configuration, validated at start-up.
 *
 * @param regions           regions polled ({@code collector.lookup.regions}, else the SDK's default region)
 * @param eventNames        {@code collector.lookup.eventNames}
 * @param rootCalls         {@code collector.lookup.rootCalls}: also every call made as root
 * @param interval          {@code collector.lookup.interval}
 * @param overlap           {@code collector.lookup.overlap}
 * @param initialLookback   {@code collector.lookup.initialLookback}
 * @param requestsPerSecond {@code collector.lookup.requestsPerSecond}, per region
 * @param checkpointFile    {@code collector.lookup.checkpointFile}, or null to keep the checkpoint in memory
 * @param ackTimeout        {@code collector.ackTimeout}
 */
public record LookupSettings(List<Region> regions, List<String> eventNames, boolean rootCalls, Duration interval, Duration overlap,
                             Duration initialLookback, int requestsPerSecond, Path checkpointFile, Duration ackTimeout) {

    /** LookupEvents answers for the last 90 days only. */
    static final Duration HISTORY = Duration.ofDays(90);
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    public LookupSettings {
        regions = List.copyOf(regions);
        eventNames = List.copyOf(eventNames);
        if (regions.isEmpty()) {
            throw new ConfigException(SourceSettings.LOOKUP_REGIONS.key() + ": no region to poll");
        }
        for (Region r : regions) {
            if (!REGION.matcher(r.id()).matches()) {
                throw new ConfigException(SourceSettings.LOOKUP_REGIONS.key() + " holds '" + r.id() + "', which is not a region name");
            }
        }
        if (eventNames.isEmpty() || eventNames.stream().anyMatch(n -> n == null || n.isBlank())) {
            throw new ConfigException(SourceSettings.LOOKUP_EVENT_NAMES.key() + " must list at least one event name");
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException(SourceSettings.LOOKUP_INTERVAL.key() + " must be at least 1s");
        }
        if (overlap.isNegative() || overlap.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigException(SourceSettings.LOOKUP_OVERLAP.key() + " must be between 0s and 1d");
        }
        if (initialLookback.isNegative() || initialLookback.isZero() || initialLookback.compareTo(HISTORY) > 0) {
            throw new ConfigException(SourceSettings.LOOKUP_INITIAL_LOOKBACK.key() + " must be between 1ms and 90d");
        }
        if (requestsPerSecond < 1 || requestsPerSecond > 2) {
            throw new ConfigException(SourceSettings.LOOKUP_REQUESTS_PER_SECOND.key() + " must be 1 or 2 (the API allows 2 per"
                    + " second and region)");
        }
        if (ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new ConfigException(SourceSettings.ACK_TIMEOUT.key() + " must be positive");
        }
    }

    /** What each poll of a region asks for: each event name, then every call made as root when asked. */
    List<LookupQuery> queries() {
        List<LookupQuery> queries = new java.util.ArrayList<>(eventNames.stream().map(LookupQuery::eventName).toList());
        if (rootCalls) {
            queries.add(LookupQuery.rootCalls());
        }
        return List.copyOf(queries);
    }

    /** @param defaultRegion the SDK's default region, asked only when no region is configured */
    public static LookupSettings from(Config config, Supplier<Region> defaultRegion) {
        List<String> configured = config.get(SourceSettings.LOOKUP_REGIONS);
        List<Region> regions = configured.isEmpty() ? List.of(defaultRegion.get()) : configured.stream().map(Region::of).toList();
        String file = config.get(SourceSettings.LOOKUP_CHECKPOINT_FILE).trim();
        return new LookupSettings(regions, config.get(SourceSettings.LOOKUP_EVENT_NAMES), config.get(SourceSettings.LOOKUP_ROOT_CALLS),
                config.get(SourceSettings.LOOKUP_INTERVAL),
                config.get(SourceSettings.LOOKUP_OVERLAP), config.get(SourceSettings.LOOKUP_INITIAL_LOOKBACK),
                config.get(SourceSettings.LOOKUP_REQUESTS_PER_SECOND), file.isEmpty() ? null : Path.of(file),
                config.get(SourceSettings.ACK_TIMEOUT));
    }
}
