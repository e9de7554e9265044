package dev.rootwatch.evaluator;

import java.util.List;

/**
 * The detections the evaluator runs. Adding a detection is writing one class and listing it here.
 *
 * @param events   detections of single CloudTrail events
 * @param postures detections of account state, driven by posture
 */
record Detections(List<EventDetection> events, List<PostureDetection> postures) {

    Detections {
        events = List.copyOf(events);
        postures = List.copyOf(postures);
    }

    static Detections standard() {
        return new Detections(
                List.of(
                        new RootConsoleLoginWithoutMfaDetection(),
                        new RootConsoleLoginDetection(),
                        new RootMfaDeviceDeactivatedDetection(),
                        new RootMfaDeviceDeletedDetection()),
                List.of(
                        new RootMfaDisabledDetection()));
    }
}
