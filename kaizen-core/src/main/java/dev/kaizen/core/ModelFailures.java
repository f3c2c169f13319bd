package dev.kaizen.core;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import com.openai.errors.OpenAIServiceException;

/**
 * Tells a model's own failures (unreachable, 5xx, 429, too slow) from everything else a model
 * client can throw, by looking through the cause chain. What is not recognised stays as it was
 * (an agent failure).
 */
final class ModelFailures {

    private ModelFailures() {
    }

    /**
     * @param failure what the model client threw
     * @param config the agent's configuration, for the endpoint's name
     * @return a {@link ModelCallException} when the model itself failed, otherwise {@code failure}
     */
    static RuntimeException classify(RuntimeException failure, AgentConfig config) {
        String endpoint = config.baseUrl() != null ? config.baseUrl() : config.provider();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OpenAIServiceException service) {
                return byStatus(service.statusCode(), retryAfter(service), endpoint, failure);
            }
            if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException) {
                return new ModelCallException(ModelCallException.Reason.TIMEOUT, endpoint,
                        "did not answer within " + config.timeout().toMillis() + " ms", null, failure);
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return new ModelCallException(ModelCallException.Reason.UNAVAILABLE, endpoint,
                        "is unreachable: " + describe(cause), null, failure);
            }
            if (cause instanceof InterruptedIOException) {
                break; // the run's own deadline or a cancel interrupted the call: Workflow says which
            }
        }
        return failure;
    }

    private static RuntimeException byStatus(int status, @Nullable Duration retryAfter, String endpoint,
            RuntimeException failure) {
        if (status == 429) {
            return new ModelCallException(ModelCallException.Reason.RATE_LIMITED, endpoint,
                    "refused the call for its rate limit (HTTP 429)", retryAfter, failure);
        }
        if (status >= 500) {
            return new ModelCallException(ModelCallException.Reason.UNAVAILABLE, endpoint,
                    "answered HTTP " + status, null, failure);
        }
        return failure; // 4xx other than 429: the agent's configuration (model, key), an agent failure
    }

    private static @Nullable Duration retryAfter(OpenAIServiceException service) {
        Optional<String> value = service.headers().values("Retry-After").stream().findFirst();
        try {
            return value.map(seconds -> Duration.ofSeconds(Long.parseLong(seconds.strip()))).orElse(null);
        }
        catch (NumberFormatException e) {
            return null; // an HTTP date: the caller gets the default hint
        }
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause instanceof ConnectException ? "connection refused"
                : cause instanceof UnknownHostException ? "unknown host" + (message == null ? "" : " " + message)
                : "no route to host";
    }
}
