package dev.rootwatch.collector.posture;

import dev.rootwatch.collector.Publisher;
import dev.rootwatch.collector.testing.MutableClock;
import dev.rootwatch.common.config.ConfigLoader;
import dev.rootwatch.common.config.PostureSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A poller wired to {@link FakeAws} with real SDK clients, short backoffs and a registry to read. */
final class PollerFixture implements AutoCloseable {

    static final PollerTimings FAST = new PollerTimings(new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)),
            new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)));

    final PostureSettings settings;
    final PostureClients clients;
    final MeterRegistry registry;
    /** The poller's clock, which the tests move: heartbeats, session and report ages follow it. */
    final MutableClock clock = new MutableClock(Instant.now());
    final PosturePoller poller;

    PollerFixture(FakeAws aws, Map<String, String> settings, Publisher publisher) {
        this(aws, settings, publisher, new SimpleMeterRegistry());
    }

    PollerFixture(FakeAws aws, Map<String, String> settings, Publisher publisher, MeterRegistry registry) {
        this.settings = settings(aws, settings);
        this.clients = PostureClients.create(this.settings, FakeAws.baseCredentials());
        this.registry = registry;
        this.poller = new PosturePoller(this.settings, clients, publisher, registry, clock, FAST);
    }

    /** Settings as the environment would give them, endpoints at {@code aws}; {@code overrides} by key. */
    static PostureSettings settings(FakeAws aws, Map<String, String> overrides) {
        Map<String, String> keys = new HashMap<>();
        keys.put(PostureSettings.MODE.key(), "organization");
        keys.put(PostureSettings.REGION_SETTING.key(), "us-east-1");
        keys.put(PostureSettings.IAM_ENDPOINT.key(), aws.url());
        keys.put(PostureSettings.STS_ENDPOINT.key(), aws.url());
        keys.put(PostureSettings.ORGANIZATIONS_ENDPOINT.key(), aws.url());
        keys.put(PostureSettings.JITTER.key(), "0s");
        keys.put(PostureSettings.CREDENTIAL_REPORT_WAIT.key(), "10s");
        keys.putAll(overrides);
        Map<String, String> environment = new HashMap<>();
        keys.forEach((key, value) -> environment.put(
                dev.rootwatch.common.config.Settings.byKey().get(key).environmentVariable(), value));
        return PostureSettings.from(ConfigLoader.load(null, environment));
    }

    double counter(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }


    @Override
    public void close() {
        poller.close();
        clients.close();
    }
}
