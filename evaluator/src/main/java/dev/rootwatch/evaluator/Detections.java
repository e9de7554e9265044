package dev.rootwatch.evaluator;

import java.util.List;

/**
 * The detections the evaluator runs. Adding a detection is writing one class and listing it here.
 *
 * @param events   detections of single CloudTrail events
 * @param postures detections of account state, driven by posture
 * @param windowed detections that remember an account's events across time (windows, sequences)
 */
record Detections(List<EventDetection> events, List<PostureDetection> postures, List<WindowedDetection<?>> windowed) {

    Detections {
        events = List.copyOf(events);
        postures = List.copyOf(postures);
        windowed = List.copyOf(windowed);
    }

    /** The whole catalogue except TELEMETRY_SILENT, which watches the feed rather than an account. */
    static Detections standard(EvaluatorSettings settings) {
        DetectionParameters parameters = settings.parameters();
        return new Detections(
                List.of(
                        new RootConsoleLoginWithoutMfaDetection(),
                        new RootConsoleLoginDetection(),
                        new RootMfaDeviceDeactivatedDetection(),
                        new RootMfaDeviceDeletedDetection(),
                        new RootMfaDeviceEnabledDetection(),
                        new RootCredentialChangeDetection(),
                        new CloudTrailTamperingDetection(parameters),
                        new PipelineTamperingDetection(settings.pipeline())),
                List.of(
                        new RootMfaDisabledDetection(),
                        new RootHardwareMfaMissingDetection()),
                List.of(
                        new ConsoleLoginFailuresDetection(parameters),
                        new TakeoverSequenceDetection(parameters),
                        new MfaStateUnexplainedDetection(parameters),
                        new RootActivityDetection(parameters, settings.dedupRetention())));
    }
}
