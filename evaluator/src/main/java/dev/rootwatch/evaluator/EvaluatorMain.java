package dev.rootwatch.evaluator;

import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.runtime.DataDirectory;
import dev.rootwatch.common.runtime.RunningService;
import dev.rootwatch.common.runtime.ServiceContext;
import dev.rootwatch.common.runtime.ServiceRuntime;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The evaluator as its own service: {@code java -cp rootwatch.jar dev.rootwatch.evaluator.EvaluatorMain [--config FILE]}.
 * Its state stores live in {@code evaluator.stateDir}, else in {@code data.dir} (locked, with the
 * static group membership id that lets a restart take its place in the group at once). Ready once
 * the evaluator is RUNNING.
 */
public final class EvaluatorMain {

    /** Kafka Streams' own close, and the lock's release. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(45);

    private EvaluatorMain() {
    }

    public static void main(String[] args) {
        System.exit(ServiceRuntime.main("evaluator", args, System.getenv(), System.out, System.err, config -> STOP_TIMEOUT,
                EvaluatorMain::start));
    }

    static RunningService start(ServiceContext context) {
        StreamsOptions options = StreamsOptions.from(context.config());
        DataDirectory data = options.temporaryStateDir()
                ? DataDirectory.open(Path.of(context.config().get(Settings.DATA_DIR))) : null;
        if (data != null) {
            options = options.withStateDir(data.evaluatorState().toString()).withInstanceId("evaluator-" + data.instanceId());
        }
        EvaluatorService evaluator = new EvaluatorService(context.bootstrapServers(), context.topics(),
                EvaluatorSettings.from(context.config()), options, context.registry());
        evaluator.start();
        return new RunningService() {
            @Override
            public boolean ready() {
                return evaluator.isReady();
            }

            @Override
            public void stop() {
                try {
                    evaluator.close();
                } finally {
                    if (data != null) {
                        data.close();
                    }
                }
            }
        };
    }
}
