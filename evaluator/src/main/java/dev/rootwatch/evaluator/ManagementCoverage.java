package dev.rootwatch.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.rootwatch.common.cloudtrail.BlindingCalls;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which management events a trail's event selectors, as a PutEventSelectors request sets them, let
 * through. CloudTrail logs an event when any selector matches it, so the trail records management
 * reads where some selector keeps them, writes likewise, and misses an event source only where every
 * management selector leaves it out.
 *
 * @param management      some selector keeps management events
 * @param reads           some selector keeps read-only management events
 * @param writes          some selector keeps write management events
 * @param excludedSources the event sources rootwatch reads that every management selector leaves out, sorted
 */
record ManagementCoverage(boolean management, boolean reads, boolean writes, Set<String> excludedSources) {

    /**
     * The event sources whose management events rootwatch's detections read. Excluding another source
     * (CloudTrail accepts only kms and rdsdata) hides only that service's root calls from ROOT_ACTIVITY.
     */
    static final Set<String> WATCHED_SOURCES = Set.copyOf(Stream.concat(
            Stream.of(Texts.SIGNIN, Texts.IAM, "sts.amazonaws.com"),
            BlindingCalls.TRAIL_TAMPERING.eventSources().stream()).toList());

    ManagementCoverage {
        excludedSources = Set.copyOf(new TreeSet<>(excludedSources));
    }

    /** One selector's share of the coverage. */
    private record Selector(boolean reads, boolean writes, Set<String> excludedSources) {
    }

    /**
     * The coverage of basic selectors ({@code eventSelectors[]}: {@code includeManagementEvents},
     * default true; {@code readWriteType} All, ReadOnly or WriteOnly, default All;
     * {@code excludeManagementEventSources}).
     */
    static ManagementCoverage ofEventSelectors(JsonNode selectors) {
        List<Selector> management = new ArrayList<>();
        for (JsonNode selector : selectors) {
            JsonNode include = selector.path("includeManagementEvents");
            if (isFalse(include)) {
                continue;
            }
            String readWrite = selector.path("readWriteType").asText("All");
            Set<String> excluded = new LinkedHashSet<>();
            selector.path("excludeManagementEventSources").forEach(source -> excluded.add(source.asText()));
            management.add(new Selector(!"WriteOnly".equalsIgnoreCase(readWrite), !"ReadOnly".equalsIgnoreCase(readWrite),
                    excluded));
        }
        return union(management);
    }

    /**
     * The coverage of advanced selectors ({@code advancedEventSelectors[].fieldSelectors[]} with
     * {@code field} and {@code equals} / {@code notEquals}): a selector keeps management events where
     * its {@code eventCategory} equals Management; {@code readOnly} narrows it to reads or writes;
     * {@code eventSource} leaves sources out ({@code notEquals}) or keeps only those it names ({@code equals}).
     */
    static ManagementCoverage ofAdvancedEventSelectors(JsonNode selectors) {
        List<Selector> management = new ArrayList<>();
        for (JsonNode selector : selectors) {
            JsonNode fields = selector.path("fieldSelectors");
            if (!holds(field(fields, "eventCategory").path("equals"), "Management")) {
                continue;
            }
            JsonNode readOnly = field(fields, "readOnly");
            boolean onlyReads = holds(readOnly.path("equals"), "true") || holds(readOnly.path("notEquals"), "false");
            boolean onlyWrites = holds(readOnly.path("equals"), "false") || holds(readOnly.path("notEquals"), "true");
            JsonNode source = field(fields, "eventSource");
            Set<String> excluded = new LinkedHashSet<>();
            source.path("notEquals").forEach(value -> excluded.add(value.asText()));
            if (source.path("equals").isArray()) {
                WATCHED_SOURCES.stream().filter(watched -> !holds(source.path("equals"), watched)).forEach(excluded::add);
            }
            management.add(new Selector(!onlyWrites, !onlyReads, excluded));
        }
        return union(management);
    }

    /** What is lost, most severe first; empty where every management event rootwatch reads still comes. */
    List<TrailWeakening> weakenings() {
        if (!management || !reads && !writes) {
            return List.of(TrailWeakening.MANAGEMENT_EVENTS_EXCLUDED);
        }
        List<TrailWeakening> lost = new ArrayList<>();
        if (!writes) {
            lost.add(TrailWeakening.MANAGEMENT_WRITE_EVENTS_EXCLUDED);
        }
        if (!reads) {
            lost.add(TrailWeakening.MANAGEMENT_READ_EVENTS_EXCLUDED);
        }
        if (!excludedSources.isEmpty()) {
            lost.add(TrailWeakening.MANAGEMENT_EVENT_SOURCES_EXCLUDED);
        }
        return List.copyOf(lost);
    }

    private static ManagementCoverage union(List<Selector> management) {
        if (management.isEmpty()) {
            return new ManagementCoverage(false, false, false, Set.of());
        }
        Set<String> excludedByAll = new TreeSet<>(WATCHED_SOURCES);
        boolean reads = false;
        boolean writes = false;
        for (Selector selector : management) {
            reads |= selector.reads();
            writes |= selector.writes();
            excludedByAll.retainAll(selector.excludedSources());
        }
        return new ManagementCoverage(true, reads, writes, excludedByAll);
    }

    private static JsonNode field(JsonNode fieldSelectors, String name) {
        for (JsonNode fieldSelector : fieldSelectors) {
            if (name.equals(fieldSelector.path("field").asText(null))) {
                return fieldSelector;
            }
        }
        return MissingNode.getInstance();
    }

    private static boolean holds(JsonNode values, String wanted) {
        for (JsonNode value : values) {
            if (wanted.equalsIgnoreCase(value.asText())) {
                return true;
            }
        }
        return false;
    }

    /** A boolean request parameter set to false (CloudTrail writes a JSON boolean; a string "false" counts too). */
    static boolean isFalse(JsonNode value) {
        return value.isBoolean() ? !value.booleanValue() : value.isTextual() && "false".equalsIgnoreCase(value.asText());
    }
}
