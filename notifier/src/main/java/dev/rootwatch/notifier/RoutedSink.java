package dev.rootwatch.notifier;

import dev.rootwatch.common.model.Alert;
import java.util.Objects;

/**
 * A configured sink: the sink itself and its {@link SinkSpec} (route, whether it pages, rate limit).
 * {@link NotifierSettings#createSinks()} returns these; the notifier reads the routing from them
 * and treats any other {@link AlertSink} as taking every alert.
 */
public final class RoutedSink implements AlertSink {

    private final AlertSink sink;
    private final SinkSpec spec;

    public RoutedSink(AlertSink sink, SinkSpec spec) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.spec = Objects.requireNonNull(spec, "spec");
        if (!sink.name().equals(spec.name())) {
            throw new IllegalArgumentException("sink " + sink.name() + " does not match its spec " + spec.name());
        }
    }

    public SinkSpec spec() {
        return spec;
    }

    /** The sink that delivers. */
    public AlertSink sink() {
        return sink;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException {
        sink.deliver(alert);
    }

    @Override
    public void close() {
        sink.close();
    }

    @Override
    public String toString() {
        return "RoutedSink[" + spec.name() + ", " + spec.type().wireName() + "]";
    }
}
