package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Actor;
import dev.rootwatch.common.model.TrailEvent;

/**
 * Phrases shared by alert titles and summaries. Only AWS-issued values go into them (account id,
 * ARNs, addresses, times); free text a caller controls, such as the user agent, never does.
 */
final class Texts {

    static final String SIGNIN = "signin.amazonaws.com";
    static final String IAM = "iam.amazonaws.com";

    private Texts() {
    }

    /** "from 192.0.2.0", or "from an unknown address". */
    static String fromAddress(TrailEvent event) {
        String ip = event.sourceIp();
        return ip == null || ip.isBlank() ? "from an unknown address" : "from " + ip;
    }

    /** "the root user", the caller's ARN, or its identity type. */
    static String actor(Actor actor) {
        if (actor.isRoot()) {
            return "the root user";
        }
        if (actor.arn() != null && !actor.arn().isBlank()) {
            return actor.arn();
        }
        return actor.type() == null ? "an unidentified caller" : "a caller of type " + actor.type();
    }
}
