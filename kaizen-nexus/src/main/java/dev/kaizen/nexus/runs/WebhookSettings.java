package dev.kaizen.nexus.runs;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Where runs that answer at once may report their end ({@code callbackUrl}), and how.
 *
 * @param allowedHosts the hosts a callback may go to: {@code host}, {@code host:port} or
 *     {@code host:*}; empty refuses every callback (no server-side request forgery by default)
 * @param secret the signing secret, Standard Webhooks style ({@code whsec_} and base64), or
 *     {@code null}: callbacks are then refused, since an unsigned one proves nothing
 * @param maxAttempts how many times a delivery is tried at most (the first included)
 * @param initialBackoff the wait before the second attempt; each next one waits up to twice as
 *     long (with random jitter), at most a minute
 */
public record WebhookSettings(List<String> allowedHosts, @Nullable String secret, int maxAttempts,
        Duration initialBackoff) {

    /** How many times a delivery is tried at most unless configured otherwise. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    /** The wait before a delivery's second attempt unless configured otherwise. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);

    private static final WebhookSettings NONE = new WebhookSettings(List.of(), null, DEFAULT_MAX_ATTEMPTS,
            DEFAULT_INITIAL_BACKOFF);

    public WebhookSettings {
        allowedHosts = List.copyOf(allowedHosts);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("webhook max attempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("webhook initial backoff must not be negative, was " + initialBackoff);
        }
        if (secret != null) {
            WebhookSigner.keyOf(secret); // refuses a malformed secret at start-up, not at the first delivery
        }
    }

    /** @return no callbacks allowed */
    public static WebhookSettings none() {
        return NONE;
    }
}
