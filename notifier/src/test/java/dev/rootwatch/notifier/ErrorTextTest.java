package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorTextTest {

    @Test
    void removesUrlsAndCredentialsFromSinkErrors() {
        // Given an error that quotes the webhook URL and a routing key
        String message = "POST https://hooks.slack.com/services/T000/B000/XXXXSECRET failed: 500;"
                + " routing_key=abc123def token: zzz Authorization: Bearer qqq, then Bearer rrr\nnext line";

        // When it is redacted
        String redacted = ErrorText.redact(message);

        // Then neither the URL nor the secrets remain, and it is one line
        assertThat(redacted).isEqualTo("POST <url> failed: 500; routing_key=<redacted> token=<redacted> Authorization=<redacted>, then Bearer <redacted>\\nnext line");
    }

    @Test
    void saysSoWhenThereIsNoMessage() {
        assertThat(ErrorText.redact(null)).isEqualTo("no error message");
    }
}
