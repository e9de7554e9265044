package dev.rootwatch.standalone.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.rootwatch.common.text.LogSafe;

/**
 * {@code %inertMessage}: the log message with every control character written as an escape
 * ({@link LogSafe}), so that nothing an input puts into a message (a newline, an escape sequence)
 * can start a new log line or colour a terminal. Call sites escape what they log already; this is
 * the guarantee for everything else that reaches the text log.
 */
public final class InertMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogSafe.inert(super.convert(event));
    }
}
