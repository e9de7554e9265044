package dev.rootwatch.notifier;

import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;

/** Opens the sink a {@link SinkSpec} describes. */
final class SinkFactory {

    private final PrintStream console;
    private final HttpPost http;
    private final Clock clock;

    SinkFactory(PrintStream console, HttpPost http, Clock clock) {
        this.console = Objects.requireNonNull(console, "console");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    RoutedSink create(SinkSpec spec) {
        AlertSink sink = switch (spec.type()) {
            case CONSOLE -> new ConsoleSink(spec.name(), console);
            case FILE -> new JsonLinesFileSink(spec.name(), spec.path(), true);
            case PAGERDUTY -> new PagerDutySink(spec.name(), http, spec.url(), spec.secret(), spec.timeout(), spec.linkUrl());
            case SLACK -> ChatWebhookSink.slack(spec.name(), http, secretUrl(spec), spec.timeout(), spec.linkUrl());
            case TEAMS -> ChatWebhookSink.teams(spec.name(), http, secretUrl(spec), spec.timeout(), spec.linkUrl());
            case ALERTMANAGER -> new AlertmanagerSink(spec.name(), http, spec.url(), spec.secret(), spec.timeout(),
                    spec.linkUrl(), clock);
            case WEBHOOK -> new WebhookSink(spec.name(), http, spec.url(), spec.secret(), spec.timeout(), clock);
        };
        return new RoutedSink(sink, spec);
    }

    /** Slack's and Teams' URL is their secret; {@link SinkSpec#parse} checked it already. */
    private static URI secretUrl(SinkSpec spec) {
        return ReceiverUrl.check(spec.secret().reveal(), false);
    }
}
