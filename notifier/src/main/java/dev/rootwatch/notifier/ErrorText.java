package dev.rootwatch.notifier;

import dev.rootwatch.common.text.LogSafe;
import java.util.regex.Pattern;

/**
 * Makes a sink's error message fit for a dead letter and a log line: URLs (webhook URLs carry
 * their secret in the path or query) and anything that looks like a credential are replaced, control
 * characters escaped, the length bounded.
 */
final class ErrorText {

    static final int MAX_LENGTH = 300;

    private static final Pattern URL = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^\\s\"'<>]+");
    private static final Pattern CREDENTIAL = Pattern.compile(
            "(?i)\\b(authorization|token|secret|password|signature|api[_-]?key|routing[_-]?key)\\s*[:=]\\s*(?:(?:bearer|basic)\\s+)?[^\\s,;]+");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[^\\s,;]+");

    private ErrorText() {
    }

    static String redact(String message) {
        if (message == null || message.isBlank()) {
            return "no error message";
        }
        String withoutUrls = URL.matcher(message).replaceAll("<url>");
        String withoutCredentials = BEARER.matcher(CREDENTIAL.matcher(withoutUrls).replaceAll("$1=<redacted>"))
                .replaceAll("$1 <redacted>");
        return LogSafe.escape(withoutCredentials, MAX_LENGTH);
    }
}
