package dev.rootwatch.collector.sqs;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A real SQS client whose calls of one kind take longer: each call whose method name starts with a
 * given prefix waits first, then goes to the real server. Fault injection in front of a real client,
 * not a stand-in for it: every answer still comes from ElasticMQ.
 */
final class SlowCalls {

    private SlowCalls() {
    }

    /**
     * @param prefix the calls to slow down, by method name ({@code changeMessageVisibility} takes the batch call too)
     * @param calls  counts the slowed calls
     */
    static SqsClient of(SqsClient real, String prefix, Duration delay, AtomicInteger calls) {
        return (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith(prefix)) {
                        calls.incrementAndGet();
                        Thread.sleep(delay.toMillis());
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
