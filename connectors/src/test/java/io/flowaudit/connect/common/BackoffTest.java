package io.flowaudit.connect.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void shouldDoubleUpToTheMaximumWithJitterAndStartOverAfterReset() {
        Backoff backoff = new Backoff(100, 1000);
        assertThat(backoff.nextDelayMs()).isBetween(50L, 100L);
        assertThat(backoff.nextDelayMs()).isBetween(100L, 200L);
        assertThat(backoff.nextDelayMs()).isBetween(200L, 400L);
        assertThat(backoff.nextDelayMs()).isBetween(400L, 800L);
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.nextDelayMs()).isBetween(500L, 1000L);
        }
        assertThat(backoff.failures()).isEqualTo(104);
        backoff.reset();
        assertThat(backoff.nextDelayMs()).isBetween(50L, 100L);
    }

    @Test
    void shouldRejectAMaximumBelowTheFirstWait() {
        assertThatThrownBy(() -> new Backoff(100, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
