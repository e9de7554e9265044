package dev.rootwatch.notifier;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.http.OpsServer;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.runtime.ServiceRuntime;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The notifier as its own service: {@code java -jar rootwatch-notifier.jar [--config FILE]}. */
public final class NotifierMain {

    private NotifierMain() {
    }

    public static void main(String[] args) throws Exception {
        Config config = ServiceRuntime.config(args, System.getenv());
        String bootstrap = ServiceRuntime.requireBootstrapServers(config, "notifier");
        Topics topics = Topics.withPrefix(config.get(Settings.KAFKA_TOPIC_PREFIX));
        ServiceRuntime.createTopicsIfConfigured(config, bootstrap, topics);
        NotifierSettings settings = NotifierSettings.from(config);
        PrometheusMeterRegistry registry = ServiceRuntime.registry("notifier");
        NotifierService notifier = new NotifierService(bootstrap, topics, settings.groupId(), settings.createSinks(), registry,
                settings.deliveryPolicy(), settings.drainTimeout());
        notifier.start();
        OpsServer http = ServiceRuntime.http(config, registry, notifier::isReady);
        ServiceRuntime.runUntilStopped("notifier", () -> {
            notifier.close();
            if (http != null) {
                http.close();
            }
        });
    }
}
