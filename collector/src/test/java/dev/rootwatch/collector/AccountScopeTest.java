package dev.rootwatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.SourceSettings;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccountScopeTest {

    @Test
    void anEmptyScopeWatchesEveryAccount() {
        assertThat(AccountScope.ALL.admits("111122223333")).isTrue();
        assertThat(AccountScope.ALL.isEverything()).isTrue();
    }

    @Test
    void theDenyListWinsOverTheAllowList() {
        // Given accounts A and B allowed, B also denied
        AccountScope scope = new AccountScope(Set.of("111111111111", "222222222222"), Set.of("222222222222"));

        // Then only A is watched
        assertThat(scope.admits("111111111111")).isTrue();
        assertThat(scope.admits("222222222222")).isFalse();
        assertThat(scope.admits("333333333333")).isFalse();
    }

    @Test
    void anUnknownAccountIsLetThroughToBeJudgedLater() {
        assertThat(new AccountScope(Set.of("111111111111"), Set.of()).admits(null)).isTrue();
    }

    @Test
    void readsTheListsFromConfigAndRejectsWhatIsNotAnAccountId() {
        Config config = Config.defaults().with(SourceSettings.ACCOUNTS_DENY, List.of("444455556666"));
        assertThat(AccountScope.from(config).admits("444455556666")).isFalse();

        assertThatThrownBy(() -> AccountScope.from(Config.defaults().with(SourceSettings.ACCOUNTS_ALLOW, List.of("12345"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("collector.accounts.allow").hasMessageContaining("12345");
    }
}
