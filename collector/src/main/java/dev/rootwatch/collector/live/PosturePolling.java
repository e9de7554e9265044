package dev.rootwatch.collector.live;

import dev.rootwatch.collector.PostureRefreshRequests;

/** The IAM posture poller as a live process sees it: something that runs until closed and takes refresh requests. */
public interface PosturePolling extends PostureRefreshRequests, AutoCloseable {

    /** No poller in this process. */
    PosturePolling NONE = new PosturePolling() {
        @Override
        public void refresh(String accountId) {
            // nobody to ask
        }

        @Override
        public void close() {
            // nothing runs
        }
    };

    /** Stops polling; returns once its last posture records were handed to the publisher. */
    @Override
    void close();
}
