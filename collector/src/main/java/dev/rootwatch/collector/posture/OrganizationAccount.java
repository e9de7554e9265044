package dev.rootwatch.collector.posture;

/**
 * One account as organizations:ListAccounts lists it. Name and e-mail are left out on purpose:
 * rootwatch needs neither and keeps them out of its logs.
 *
 * @param id    the 12-digit account id
 * @param state {@code State} (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED), else the older {@code Status}
 */
record OrganizationAccount(String id, String state) {

    boolean active() {
        return "ACTIVE".equals(state);
    }
}
