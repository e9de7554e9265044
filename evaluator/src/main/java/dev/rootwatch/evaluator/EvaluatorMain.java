package dev.rootwatch.evaluator;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.http.OpsServer;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.runtime.ServiceRuntime;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

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
        EvaluatorService evaluator = new EvaluatorService(bootstrap, topics, EvaluatorSettings.from(config),
                StreamsOptions.from(config), registry);
        evaluator.start();
        OpsServer http = ServiceRuntime.http(config, registry, evaluator::isRunning);
        ServiceRuntime.runUntilStopped("evaluator", () -> {
            evaluator.close();
            if (http != null) {
                http.close();
            }
        });
    }
}
