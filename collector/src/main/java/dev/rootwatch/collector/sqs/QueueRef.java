package dev.rootwatch.collector.sqs;

/**
 * One queue: its URL (what the API takes) and its name (for logs and metric labels).
 */
public record QueueRef(String url, String name) {

    public static QueueRef of(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return new QueueRef(url, trimmed.substring(trimmed.lastIndexOf('/') + 1));
    }
}
