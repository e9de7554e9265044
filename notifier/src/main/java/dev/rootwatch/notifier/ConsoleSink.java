package dev.rootwatch.notifier;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.text.LogSafe;
import java.io.PrintStream;
import java.util.Objects;

/**
 * Prints each alert as exactly one human line, for example
 * {@code [CRITICAL] FIRING ROOT_CONSOLE_LOGIN_WITHOUT_MFA account=111122223333 eventTime=2026-11-01T12:00:00Z
 * sourceIp=198.51.100.7 title="Root signed in without MFA"}.
 *
 * <p>Most of an alert comes from CloudTrail, that is from whoever made the call: user agent, source
 * address, ARNs and free text may hold newlines or terminal escape sequences. Every text field is
 * escaped (the escape character is written as backslash-u001b, a newline as backslash-n) and cut to a bounded length, so
 * one alert is always one line and cannot rewrite the operator's terminal.
 */
public final class ConsoleSink implements AlertSink {

    static final int MAX_FIELD = 200;
    static final int MAX_TEXT = 400;

    private final String name;
    private final PrintStream out;

    /** A sink named {@code console}. */
    public ConsoleSink(PrintStream out) {
        this("console", out);
    }

    public ConsoleSink(String name, PrintStream out) {
        this.name = Objects.requireNonNull(name, "name");
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException {
        String line = format(alert);
        synchronized (out) {
            out.println(line);
            if (out.checkError()) {
                throw new DeliveryException("console output is not writable", true);
            }
        }
    }

    /** The one line printed for {@code alert}, without line separator. */
    static String format(Alert alert) {
        StringBuilder line = new StringBuilder(256)
                .append('[').append(alert.severity()).append("] ")
                .append(alert.status()).append(' ')
                .append(alert.type());
        field(line, "account", alert.accountId());
        field(line, "eventTime", alert.eventTime() == null ? null : alert.eventTime().toString());
        field(line, "region", alert.region());
        field(line, "actor", alert.actor() == null ? null : alert.actor().arn());
        field(line, "sourceIp", alert.sourceIp());
        quoted(line, "userAgent", alert.userAgent(), MAX_FIELD);
        quoted(line, "title", alert.title(), MAX_TEXT);
        quoted(line, "summary", alert.summary(), MAX_TEXT);
        field(line, "alertId", alert.alertId());
        return line.toString();
    }

    private static void field(StringBuilder line, String name, String value) {
        if (value != null) {
            // an unquoted value is one token: a space in it would let it pose as further fields
            line.append(' ').append(name).append('=').append(LogSafe.escape(value.replace(" ", "\\u0020"), MAX_FIELD));
        }
    }

    private static void quoted(StringBuilder line, String name, String value, int max) {
        if (value != null) {
            String unquotable = value.replace("\\", "\\\\").replace("\"", "\\\"");
            line.append(' ').append(name).append("=\"").append(LogSafe.escape(unquotable, max)).append('"');
        }
    }
}
