package dev.rootwatch.collector.testing;

import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a live-source IT runs against, started once per test class and stopped after it: the
 * embedded broker, ElasticMQ and the S3 stub. Register it as a static {@code @RegisterExtension} field.
 */
public final class LiveServers implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedKafkaBroker broker;
    private LocalSqs sqs;
    private StubS3 s3;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = EmbeddedKafkaBroker.start();
        sqs = LocalSqs.start();
        s3 = StubS3.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        s3.close();
        sqs.close();
        broker.close();
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public LocalSqs sqs() {
        return sqs;
    }

    public StubS3 s3() {
        return s3;
    }
}
