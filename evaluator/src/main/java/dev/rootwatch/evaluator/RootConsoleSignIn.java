package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.TrailEvent;

/**
 * Recognizes sign-in events, and root's console sign-ins among them. A sign-in event is one whose
 * {@code eventSource} is {@code signin.amazonaws.com} or whose {@code eventType} is
 * {@code AwsConsoleSignIn}: either alone is enough, so an event whose source was redacted or
 * rewritten on its way is still a sign-in, never an ordinary root call.
 */
final class RootConsoleSignIn {

    static final String CONSOLE_LOGIN = "ConsoleLogin";
    static final String CONSOLE_SIGN_IN_TYPE = "AwsConsoleSignIn";

    private RootConsoleSignIn() {
    }

    static boolean isSignInEvent(TrailEvent event) {
        return Texts.SIGNIN.equals(event.eventSource())
                || event.raw() != null && CONSOLE_SIGN_IN_TYPE.equals(event.raw().path("eventType").asText(null));
    }

    /** A ConsoleLogin by root, successful or not. */
    static boolean isRootConsoleLogin(TrailEvent event) {
        return CONSOLE_LOGIN.equals(event.eventName()) && isSignInEvent(event) && event.actor().isRoot();
    }

    static boolean isSuccessfulRootSignIn(TrailEvent event) {
        return isRootConsoleLogin(event) && event.succeeded();
    }

    /** A successful root console sign-in for which CloudTrail does not say MFA was used (MFAUsed "No" or missing). */
    static boolean isRootSignInWithoutMfa(TrailEvent event) {
        return isSuccessfulRootSignIn(event) && !Boolean.TRUE.equals(event.mfaUsed());
    }
}
