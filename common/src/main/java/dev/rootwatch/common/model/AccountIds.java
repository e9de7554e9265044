package dev.rootwatch.common.model;

/**
 * What rootwatch accepts as an AWS account id: exactly twelve ASCII digits. Everything keyed by
 * account (topics, state, alerts, logs) relies on it, so anything else is refused where it enters.
 */
public final class AccountIds {

    public static final int LENGTH = 12;

    private AccountIds() {
    }

    /** True for twelve ASCII digits; false for null, other lengths, other digits (Arabic-Indic, full-width ...) or anything else. */
    public static boolean isValid(String accountId) {
        if (accountId == null || accountId.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = accountId.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
