package dev.kaizen.core;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A call to the language model behind an agent failed for a reason of the model's, not the
 * agent's: the endpoint could not be reached or answered 5xx, it refused for its rate limit
 * (429), or it did not answer in time. Channels answer each differently (502, 503 with
 * {@code Retry-After}, 504). The message names the endpoint, never a key.
 */
public class ModelCallException extends KaizenException {

    /** Why the model call failed. */
    public enum Reason {
        /** Unreachable, or it answered with a server error (5xx). */
        UNAVAILABLE,
        /** It answered 429: over its rate limit or quota. */
        RATE_LIMITED,
        /** It did not answer within the timeout. */
        TIMEOUT
    }

    private final Reason reason;

    private final String endpoint;

    private final @Nullable Duration retryAfter;

    /**
     * @param reason why it failed
     * @param endpoint the model endpoint, such as {@code https://api.openai.com} or {@code openai}
     * @param detail what happened, in a few words (no secrets)
     * @param retryAfter when the model said to try again, if it did
     * @param cause what the model client threw
     */
    public ModelCallException(Reason reason, String endpoint, String detail, @Nullable Duration retryAfter,
            @Nullable Throwable cause) {
        super("model endpoint " + endpoint + " " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.endpoint = endpoint;
        this.retryAfter = retryAfter;
    }

    /**
     * @return why it failed
     */
    public Reason reason() {
        return reason;
    }

    /**
     * @return the model endpoint
     */
    public String endpoint() {
        return endpoint;
    }

    /**
     * @return when the model said to try again, if it did
     */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }
}
