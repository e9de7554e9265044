package dev.rootwatch.collector.lookup;

import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;

/**
 * One LookupEvents filter (the API takes one attribute per call) and the key its checkpoint is kept under.
 *
 * @param key           the attribute
 * @param value         its value
 * @param checkpointKey where the checkpoint keeps how far this lookup read (an event name, or {@code Username=root})
 */
record LookupQuery(LookupAttributeKey key, String value, String checkpointKey) {

    /** The events of one name. */
    static LookupQuery eventName(String name) {
        return new LookupQuery(LookupAttributeKey.EVENT_NAME, name, name);
    }

    /** Every call made as root: CloudTrail's event history names root's events with the user name {@code root}. */
    static LookupQuery rootCalls() {
        return new LookupQuery(LookupAttributeKey.USERNAME, "root", "Username=root");
    }
}
