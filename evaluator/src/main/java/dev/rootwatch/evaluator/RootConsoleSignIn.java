package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.TrailEvent;

/** Recognizes a successful console sign-in by the root user. */
final class RootConsoleSignIn {

    static final String CONSOLE_LOGIN = "ConsoleLogin";

    private RootConsoleSignIn() {
    }

    static boolean isSuccessfulRootSignIn(TrailEvent event) {
        return event.is(Texts.SIGNIN, CONSOLE_LOGIN) && event.actor().isRoot() && event.succeeded();
    }
}
