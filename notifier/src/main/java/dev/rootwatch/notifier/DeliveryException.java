package dev.rootwatch.notifier;

/**
 * A sink could not deliver an alert. Retryable failures (a timeout, HTTP 429 or 5xx, a full
 * disk) are tried again with backoff; the others (HTTP 4xx, a rejected payload) are dead-lettered
 * at once. The message ends up in the dead letter and in logs: it must name no URL or secret.
 */
public class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public DeliveryException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public DeliveryException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Whether trying again later may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
