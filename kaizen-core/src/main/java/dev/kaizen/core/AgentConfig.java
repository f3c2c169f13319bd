package dev.kaizen.core;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How an agent runs: which model provider and model, its sampling settings, its system prompt
 * and how long one run may take. Immutable; create one with {@link #builder()} or use
 * {@link #defaults()}.
 *
 * <p>The provider {@value #PROVIDER_AUTO} (the default) picks the OpenAI-compatible provider
 * when an API key or a base URL is given (here or through {@code OPENAI_API_KEY} /
 * {@code OPENAI_BASE_URL}) and the offline model otherwise; see
 * {@link dev.kaizen.core.ChatModels}.
 *
 * <p>The API key is never part of {@link #toString()} or of a workflow's fingerprint.
 */
public final class AgentConfig {

    /** Choose the provider from what is configured: OpenAI-compatible if a key or URL is set. */
    public static final String PROVIDER_AUTO = "auto";

    /** The deterministic, network-free {@link dev.kaizen.core.OfflineChatModel}. */
    public static final String PROVIDER_OFFLINE = "offline";

    /** An OpenAI-compatible chat-completions server: OpenAI, Ollama, vLLM, LM Studio. */
    public static final String PROVIDER_OPENAI = "openai";

    /** Default sampling temperature. */
    public static final double DEFAULT_TEMPERATURE = 0.7;

    /** Default upper bound on the tokens of one answer. */
    public static final int DEFAULT_MAX_TOKENS = 1024;

    /** Default number of past messages a chat agent keeps in its session. */
    public static final int DEFAULT_HISTORY_LIMIT = 50;

    /** Default time one run may take, model call included. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** Default number of times a model call that failed with 429 or 5xx is tried again. */
    public static final int DEFAULT_MAX_RETRIES = 2;

    private static final AgentConfig DEFAULTS = builder().build();

    private final String provider;

    private final @Nullable String model;

    private final double temperature;

    private final int maxTokens;

    private final @Nullable String systemPrompt;

    private final Duration timeout;

    private final int historyLimit;

    private final int maxRetries;

    private final @Nullable String baseUrl;

    private final @Nullable String apiKey;

    private AgentConfig(Builder builder) {
        this.provider = builder.provider;
        this.model = builder.model;
        this.temperature = builder.temperature;
        this.maxTokens = builder.maxTokens;
        this.systemPrompt = builder.systemPrompt;
        this.timeout = builder.timeout;
        this.historyLimit = builder.historyLimit;
        this.maxRetries = builder.maxRetries;
        this.baseUrl = builder.baseUrl;
        this.apiKey = builder.apiKey;
    }

    /**
     * @return a new builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the configuration with every default
     */
    public static AgentConfig defaults() {
        return DEFAULTS;
    }

    /**
     * @return a builder holding this configuration's values, to derive a changed copy
     */
    public Builder toBuilder() {
        return new Builder().provider(provider).model(model).temperature(temperature).maxTokens(maxTokens)
                .systemPrompt(systemPrompt).timeout(timeout).historyLimit(historyLimit).baseUrl(baseUrl).apiKey(apiKey)
                .maxRetries(maxRetries);
    }

    /**
     * @return the provider name: {@value #PROVIDER_AUTO}, {@value #PROVIDER_OFFLINE},
     *     {@value #PROVIDER_OPENAI}, or a name of the user's own
     */
    public String provider() {
        return provider;
    }

    /**
     * @return the model name, or {@code null} for the provider's default
     */
    public @Nullable String model() {
        return model;
    }

    /**
     * @return the sampling temperature, from 0 to 2
     */
    public double temperature() {
        return temperature;
    }

    /**
     * @return the most tokens one answer may have
     */
    public int maxTokens() {
        return maxTokens;
    }

    /**
     * @return the system prompt, or {@code null} for one derived from the agent's name and
     *     description
     */
    public @Nullable String systemPrompt() {
        return systemPrompt;
    }

    /**
     * @return the longest one run may take
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * @return how many past messages (user and assistant) a chat agent keeps in its session and
     *     sends with each request; 0 keeps none. The system prompt is always sent besides.
     */
    public int historyLimit() {
        return historyLimit;
    }

    /**
     * @return how many times a model call that failed with HTTP 429 or a 5xx (or could not connect)
     *     is tried again, after a backoff with jitter that honours the model's {@code Retry-After};
     *     0 for an agent whose calls must not be repeated. The run's timeout bounds them all.
     */
    public int maxRetries() {
        return maxRetries;
    }

    /**
     * @return the base URL of an OpenAI-compatible server (such as
     *     {@code http://localhost:11434/v1}), or {@code null} for the provider's default
     */
    public @Nullable String baseUrl() {
        return baseUrl;
    }

    /**
     * @return the API key, or {@code null} to use {@code OPENAI_API_KEY} or none
     */
    public @Nullable String apiKey() {
        return apiKey;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof AgentConfig that && provider.equals(that.provider)
                && Objects.equals(model, that.model) && Double.compare(temperature, that.temperature) == 0
                && maxTokens == that.maxTokens && Objects.equals(systemPrompt, that.systemPrompt)
                && timeout.equals(that.timeout) && historyLimit == that.historyLimit && maxRetries == that.maxRetries
                && Objects.equals(baseUrl, that.baseUrl)
                && Objects.equals(apiKey, that.apiKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, model, temperature, maxTokens, systemPrompt, timeout, historyLimit, maxRetries, baseUrl,
                apiKey);
    }

    @Override
    public String toString() {
        return "AgentConfig[provider=" + provider + ", model=" + model + ", temperature=" + temperature
                + ", maxTokens=" + maxTokens + ", systemPrompt=" + (systemPrompt == null ? "(derived)" : "(set)")
                + ", timeout=" + timeout + ", historyLimit=" + historyLimit + ", maxRetries=" + maxRetries + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "(none)" : "***")
                + "]";
    }

    /** Builds an {@link AgentConfig}; each setter rejects a bad value at once, naming it. */
    public static final class Builder {

        private String provider = PROVIDER_AUTO;

        private @Nullable String model;

        private double temperature = DEFAULT_TEMPERATURE;

        private int maxTokens = DEFAULT_MAX_TOKENS;

        private @Nullable String systemPrompt;

        private Duration timeout = DEFAULT_TIMEOUT;

        private int historyLimit = DEFAULT_HISTORY_LIMIT;

        private int maxRetries = DEFAULT_MAX_RETRIES;

        private @Nullable String baseUrl;

        private @Nullable String apiKey;

        private Builder() {
        }

        /**
         * @param provider a provider name; not blank
         * @return this builder
         */
        public Builder provider(String provider) {
            Objects.requireNonNull(provider, "provider");
            if (provider.isBlank()) {
                throw new IllegalArgumentException("provider must not be blank");
            }
            this.provider = provider.strip().toLowerCase(java.util.Locale.ROOT);
            return this;
        }

        /**
         * @param model a model name, or {@code null} for the provider's default
         * @return this builder
         */
        public Builder model(@Nullable String model) {
            this.model = blankToNull(model);
            return this;
        }

        /**
         * @param temperature from 0 to 2
         * @return this builder
         */
        public Builder temperature(double temperature) {
            if (!(temperature >= 0 && temperature <= 2)) {
                throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
            }
            this.temperature = temperature;
            return this;
        }

        /**
         * @param maxTokens at least 1
         * @return this builder
         */
        public Builder maxTokens(int maxTokens) {
            if (maxTokens < 1) {
                throw new IllegalArgumentException("max tokens must be at least 1, was " + maxTokens);
            }
            this.maxTokens = maxTokens;
            return this;
        }

        /**
         * @param systemPrompt the system prompt, or {@code null} to derive one
         * @return this builder
         */
        public Builder systemPrompt(@Nullable String systemPrompt) {
            this.systemPrompt = blankToNull(systemPrompt);
            return this;
        }

        /**
         * @param timeout positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * @param maxRetries how many times a model call failing with 429 or 5xx is tried again, 0 to 10
         * @return this builder
         */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0 || maxRetries > 10) {
                throw new IllegalArgumentException("max retries must be between 0 and 10, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * @param historyLimit past messages kept per session, 0 to 10,000
         * @return this builder
         */
        public Builder historyLimit(int historyLimit) {
            if (historyLimit < 0 || historyLimit > 10_000) {
                throw new IllegalArgumentException("history limit must be between 0 and 10000, was " + historyLimit);
            }
            this.historyLimit = historyLimit;
            return this;
        }

        /**
         * @param baseUrl an http(s) URL, or {@code null}
         * @return this builder
         */
        public Builder baseUrl(@Nullable String baseUrl) {
            String url = blankToNull(baseUrl);
            if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalArgumentException("base URL must start with http:// or https://, was " + url);
            }
            this.baseUrl = url;
            return this;
        }

        /**
         * @param apiKey an API key, or {@code null}
         * @return this builder
         */
        public Builder apiKey(@Nullable String apiKey) {
            this.apiKey = blankToNull(apiKey);
            return this;
        }

        /**
         * @return the immutable configuration
         */
        public AgentConfig build() {
            return new AgentConfig(this);
        }

        private static @Nullable String blankToNull(@Nullable String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }
}
