package dev.rootwatch.standalone;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.File;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The docker-compose stack as a newcomer runs it: the images built from the Dockerfile, Kafka,
 * LocalStack fed with the demo scenario, and the notifier posting signed webhooks to a receiver
 * on this host. Runs where a Docker engine is available; skipped cleanly elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackIT {

    private static WireMockServer receiver;
    private static ComposeContainer stack;

    @BeforeAll
    static void startStack() {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        String sinks = "[{\"name\":\"it\",\"type\":\"webhook\",\"url\":\"http://host.docker.internal:" + receiver.port()
                + "/hook\",\"secretEnv\":\"WEBHOOK_HMAC_KEY\",\"allowPlainHttp\":true}]";
        stack = new ComposeContainer(new File("../docker-compose.yml"))
                .withBuild(true)
                .withEnv("ROOTWATCH_NOTIFIER_SINKS", sinks)
                .withEnv("WEBHOOK_HMAC_KEY", "compose-it-hmac-key")
                .withExposedService("notifier", 9464, Wait.forHttp("/readyz").forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(10)));
        stack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.stop();
        }
        if (receiver != null) {
            receiver.stop();
        }
    }

    @Test
    void aCloudTrailEventFromTheDemoReachesTheWebhookSigned() {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() ->
                receiver.verify(postRequestedFor(urlEqualTo("/hook"))
                        .withHeader("X-Rootwatch-Signature", matching("v1=[0-9a-f]{64}"))
                        .withHeader("Idempotency-Key", matching(".+"))
                        .withRequestBody(containing("ROOT_CONSOLE_LOGIN_WITHOUT_MFA"))));
    }
}
