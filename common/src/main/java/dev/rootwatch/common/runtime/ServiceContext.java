package dev.rootwatch.common.runtime;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.kafka.Topics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What {@link ServiceRuntime#main} hands a service it starts.
 *
 * @param config           the validated configuration
 * @param bootstrapServers the Kafka cluster ({@code kafka.bootstrapServers}, required)
 * @param topics           rootwatch's topics, created when {@code kafka.createTopics} is on
 * @param registry         the service's registry: JVM metrics bound, every meter tagged {@code service=<name>}
 */
public record ServiceContext(Config config, String bootstrapServers, Topics topics, PrometheusMeterRegistry registry) {
}
