package dev.rootwatch.evaluator;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.DetectionSettings;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import dev.rootwatch.common.model.SuppressionRule;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the detection logic may be configured with: how long an eventID is remembered, for every
 * alert type whether it is detected and with which severity, the detections' windows and
 * thresholds, and the suppression rules.
 *
 * @param dedupRetention how long an eventID is remembered so that a duplicate is evaluated once
 * @param detections     one entry per {@link AlertType}
 * @param parameters     windows, thresholds and lifecycle timings
 * @param suppressions   rules that mark matching alerts suppressed
 * @param pipeline       the parts of the pipeline feeding rootwatch that PIPELINE_TAMPERING watches
 */
public record EvaluatorSettings(Duration dedupRetention, Map<AlertType, Detection> detections,
                                DetectionParameters parameters, List<SuppressionRule> suppressions,
                                PipelineResources pipeline) {

    /** On/off and severity of one alert type. */
    public record Detection(boolean enabled, Severity severity) {

        public Detection {
            Objects.requireNonNull(severity, "severity");
        }
    }

    public EvaluatorSettings {
        Objects.requireNonNull(dedupRetention, "dedupRetention");
        Objects.requireNonNull(detections, "detections");
        Objects.requireNonNull(parameters, "parameters");
        if (dedupRetention.isNegative() || dedupRetention.toMillis() < 1) {
            throw new IllegalArgumentException("dedupRetention must be at least 1 ms, was " + dedupRetention);
        }
        EnumMap<AlertType, Detection> copy = new EnumMap<>(AlertType.class);
        copy.putAll(detections);
        for (AlertType type : AlertType.values()) {
            Objects.requireNonNull(copy.get(type), () -> "no detection settings for " + type);
        }
        detections = Collections.unmodifiableMap(copy);
        suppressions = suppressions == null ? List.of() : List.copyOf(suppressions);
        pipeline = pipeline == null ? PipelineResources.none() : pipeline;
    }

    /** Settings watching no pipeline resource. */
    public EvaluatorSettings(Duration dedupRetention, Map<AlertType, Detection> detections, DetectionParameters parameters,
                             List<SuppressionRule> suppressions) {
        this(dedupRetention, detections, parameters, suppressions, PipelineResources.none());
    }

    /** Settings with the default parameters and no suppression rules. */
    public EvaluatorSettings(Duration dedupRetention, Map<AlertType, Detection> detections) {
        this(dedupRetention, detections, DetectionParameters.defaults(), List.of());
    }

    /** Reads the evaluator's detection settings from validated configuration. */
    public static EvaluatorSettings from(Config config) {
        Map<AlertType, Detection> detections = new EnumMap<>(AlertType.class);
        for (AlertType type : AlertType.values()) {
            detections.put(type, new Detection(
                    config.get(Settings.detectionEnabled(type)),
                    config.get(Settings.detectionSeverity(type))));
        }
        return new EvaluatorSettings(config.get(Settings.EVALUATOR_DEDUP_RETENTION), detections,
                DetectionParameters.from(config), config.get(DetectionSettings.SUPPRESSIONS), PipelineResources.from(config));
    }

    /** The defaults of every setting. */
    public static EvaluatorSettings defaults() {
        return from(Config.defaults());
    }

    public boolean enabled(AlertType type) {
        return detections.get(type).enabled();
    }

    public Severity severity(AlertType type) {
        return detections.get(type).severity();
    }
}
