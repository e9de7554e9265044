package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Actor;
import dev.rootwatch.common.model.TrailEvent;
import java.time.Duration;

/**
 * Phrases shared by alert titles and summaries. Only AWS-issued values go into them (account id,
 * ARNs, addresses, event names, times); free text a caller controls, such as the user agent, never does.
 */
final class Texts {

    static final String SIGNIN = "signin.amazonaws.com";
    static final String IAM = "iam.amazonaws.com";
    static final String CLOUDTRAIL = "cloudtrail.amazonaws.com";

    private Texts() {
    }

    /** "from 192.0.2.0", or "from an unknown address". */
    static String fromAddress(TrailEvent event) {
        return fromAddress(event.sourceIp());
    }

    /** "from 192.0.2.0", or "from an unknown address". */
    static String fromAddress(String ip) {
        return ip == null || ip.isBlank() ? "from an unknown address" : "from " + ip;
    }

    /** "the root user", the caller's ARN, or its identity type. */
    static String actor(Actor actor) {
        if (actor == null) {
            return "an unidentified caller";
        }
        if (actor.isRoot()) {
            return "the root user";
        }
        if (actor.arn() != null && !actor.arn().isBlank()) {
            return actor.arn();
        }
        return actor.type() == null ? "an unidentified caller" : "a caller of type " + actor.type();
    }

    /** "90 s", "15 min", "4 h": how the configured windows read in alert text. */
    static String duration(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds >= 3600 && seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds >= 60 && seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }
}
