package dev.rootwatch.collector;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.SourceSettings;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which accounts the collector watches ({@code collector.accounts.allow} / {@code .deny}): the
 * deny list wins; an empty allow list allows every account. Applied to an S3 key before the
 * download where the key names the account, and to each event otherwise.
 *
 * @param allow accounts watched (empty: all)
 * @param deny  accounts never watched
 */
public record AccountScope(Set<String> allow, Set<String> deny) {

    /** Every account. */
    public static final AccountScope ALL = new AccountScope(Set.of(), Set.of());

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    public AccountScope {
        allow = validated(allow, SourceSettings.ACCOUNTS_ALLOW.key());
        deny = validated(deny, SourceSettings.ACCOUNTS_DENY.key());
    }

    public static AccountScope from(Config config) {
        return new AccountScope(new TreeSet<>(config.get(SourceSettings.ACCOUNTS_ALLOW)),
                new TreeSet<>(config.get(SourceSettings.ACCOUNTS_DENY)));
    }

    /** True when {@code accountId} is watched; an unknown (null) account is let through, to be judged downstream. */
    public boolean admits(String accountId) {
        if (accountId == null) {
            return true;
        }
        return !deny.contains(accountId) && (allow.isEmpty() || allow.contains(accountId));
    }

    public boolean isEverything() {
        return allow.isEmpty() && deny.isEmpty();
    }

    private static Set<String> validated(Collection<String> ids, String key) {
        for (String id : ids) {
            if (id == null || !ACCOUNT_ID.matcher(id).matches()) {
                throw new ConfigException(key + " holds '" + id + "', which is not a 12-digit AWS account id");
            }
        }
        return Set.copyOf(ids);
    }
}
