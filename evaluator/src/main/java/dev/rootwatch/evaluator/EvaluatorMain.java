package dev.rootwatch.evaluator;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.http.OpsServer;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.runtime.DataDirectory;
import dev.rootwatch.common.runtime.ServiceRuntime;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;

/** The evaluator as its own service: {@code java -jar rootwatch-evaluator.jar [--config FILE]}. */
public final class EvaluatorMain {

    private EvaluatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Config config = ServiceRuntime.config(args, System.getenv());
        String bootstrap = ServiceRuntime.requireBootstrapServers(config, "evaluator");
        Topics topics = Topics.withPrefix(config.get(Settings.KAFKA_TOPIC_PREFIX));
        ServiceRuntime.createTopicsIfConfigured(config, bootstrap, topics);
        PrometheusMeterRegistry registry = ServiceRuntime.registry("evaluator");
        StreamsOptions options = StreamsOptions.from(config);
        // the state stores live in data.dir unless evaluator.stateDir names a place: a restart finds them there
        DataDirectory data = options.temporaryStateDir() ? DataDirectory.open(Path.of(config.get(Settings.DATA_DIR))) : null;
        if (data != null) {
            options = options.withStateDir(data.evaluatorState().toString()).withInstanceId("evaluator-" + data.instanceId());
        }
        EvaluatorService evaluator = new EvaluatorService(bootstrap, topics, EvaluatorSettings.from(config), options, registry);
        evaluator.start();
        OpsServer http = ServiceRuntime.http(config, registry, evaluator::isReady);
        ServiceRuntime.runUntilStopped("evaluator", () -> {
            evaluator.close();
            if (http != null) {
                http.close();
            }
            if (data != null) {
                data.close();
            }
        });
    }
}
