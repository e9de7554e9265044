package dev.rootwatch.collector.posture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepeatFilterTest {

    final RepeatFilter filter = new RepeatFilter();

    @Test
    void reportsAProblemWhenItStartsOrChangesNotWhileItLasts() {
        assertThat(filter.isNew("111111111111", "sts:AssumeRole AccessDenied")).isTrue();
        assertThat(filter.isNew("111111111111", "sts:AssumeRole AccessDenied")).isFalse();
        assertThat(filter.isNew("222222222222", "sts:AssumeRole AccessDenied")).isTrue();
        assertThat(filter.isNew("111111111111", "iam:GetAccountSummary Throttling")).isTrue();
    }

    @Test
    void reportsAgainAfterTheProblemCleared() {
        filter.isNew("111111111111", "sts:AssumeRole AccessDenied");

        assertThat(filter.isNew("111111111111", null)).isFalse();
        assertThat(filter.isNew("111111111111", "sts:AssumeRole AccessDenied")).isTrue();
    }
}
