package dev.rootwatch.collector.posture;

/**
 * Backoffs of the poller: fixed in production, shortened by tests.
 *
 * @param throttling       between rootwatch's own attempts at a throttled call
 * @param credentialReport between polls of a credential report IAM is still generating
 */
record PollerTimings(Backoff throttling, Backoff credentialReport) {

    static final PollerTimings DEFAULT = new PollerTimings(Backoff.THROTTLING, Backoff.CREDENTIAL_REPORT);
}
