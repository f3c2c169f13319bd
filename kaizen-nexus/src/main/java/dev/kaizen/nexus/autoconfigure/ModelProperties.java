package dev.kaizen.nexus.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.kaizen.core.AgentConfig;

/**
 * The {@code kaizen.model.*} properties: which model agents built from the auto-configured
 * {@link AgentConfig} bean use. With nothing set, agents run on the offline model; an API key
 * (here or in {@code OPENAI_API_KEY}) or a base URL selects the OpenAI-compatible one.
 */
@ConfigurationProperties(ModelProperties.CONFIG_PREFIX)
public class ModelProperties {

    /** The prefix of every model property. */
    public static final String CONFIG_PREFIX = "kaizen.model";

    /** The provider: auto (OpenAI-compatible when a key or base URL is set, else offline), offline or openai. */
    private String provider = AgentConfig.PROVIDER_AUTO;

    /** The model name; the provider's default when unset (gpt-4o-mini, or kaizen-offline-1 offline). */
    private @Nullable String name;

    /** The base URL of an OpenAI-compatible server, such as http://localhost:11434/v1 for Ollama. */
    private @Nullable String baseUrl;

    /** The API key; OPENAI_API_KEY when unset; none is needed for local servers. */
    private @Nullable String apiKey;

    /** Sampling temperature, 0 to 2. */
    private double temperature = AgentConfig.DEFAULT_TEMPERATURE;

    /** The most tokens one answer may have. */
    private int maxTokens = AgentConfig.DEFAULT_MAX_TOKENS;

    /** The longest one run may take, model call included. */
    private Duration timeout = AgentConfig.DEFAULT_TIMEOUT;

    /** Past messages a chat agent keeps per session; 0 keeps none. */
    private int historyLimit = AgentConfig.DEFAULT_HISTORY_LIMIT;

    /** How many times a model call failing with 429 or 5xx is tried again (backoff with jitter, honouring Retry-After); 0 for agents whose calls must not repeat. */
    private int maxRetries = AgentConfig.DEFAULT_MAX_RETRIES;

    /** The system prompt; derived from each agent's name and description when unset. */
    private @Nullable String systemPrompt;

    /**
     * @return the configuration these properties describe
     */
    public AgentConfig toAgentConfig() {
        AgentConfig.Builder config = AgentConfig.builder();
        InvalidPropertyException.check(CONFIG_PREFIX + ".provider", provider, () -> config.provider(provider));
        InvalidPropertyException.check(CONFIG_PREFIX + ".name", name, () -> config.model(name));
        InvalidPropertyException.check(CONFIG_PREFIX + ".base-url", baseUrl, () -> config.baseUrl(baseUrl));
        config.apiKey(apiKey);
        InvalidPropertyException.check(CONFIG_PREFIX + ".temperature", temperature, () -> config.temperature(temperature));
        InvalidPropertyException.check(CONFIG_PREFIX + ".max-tokens", maxTokens, () -> config.maxTokens(maxTokens));
        InvalidPropertyException.check(CONFIG_PREFIX + ".timeout", timeout, () -> config.timeout(timeout));
        InvalidPropertyException.check(CONFIG_PREFIX + ".history-limit", historyLimit, () -> config.historyLimit(historyLimit));
        InvalidPropertyException.check(CONFIG_PREFIX + ".max-retries", maxRetries, () -> config.maxRetries(maxRetries));
        config.systemPrompt(systemPrompt);
        return InvalidPropertyException.checkUnder(CONFIG_PREFIX, config::build);
    }

    /**
     * @return the provider
     */
    public String getProvider() {
        return provider;
    }

    /**
     * @param provider the provider
     */
    public void setProvider(String provider) {
        this.provider = provider;
    }

    /**
     * @return the model name
     */
    public @Nullable String getName() {
        return name;
    }

    /**
     * @param name the model name
     */
    public void setName(@Nullable String name) {
        this.name = name;
    }

    /**
     * @return the base URL
     */
    public @Nullable String getBaseUrl() {
        return baseUrl;
    }

    /**
     * @param baseUrl the base URL
     */
    public void setBaseUrl(@Nullable String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * @return the API key
     */
    public @Nullable String getApiKey() {
        return apiKey;
    }

    /**
     * @param apiKey the API key
     */
    public void setApiKey(@Nullable String apiKey) {
        this.apiKey = apiKey;
    }

    /**
     * @return the temperature
     */
    public double getTemperature() {
        return temperature;
    }

    /**
     * @param temperature the temperature
     */
    public void setTemperature(double temperature) {
        this.temperature = temperature;
    }

    /**
     * @return the most tokens per answer
     */
    public int getMaxTokens() {
        return maxTokens;
    }

    /**
     * @param maxTokens the most tokens per answer
     */
    public void setMaxTokens(int maxTokens) {
        this.maxTokens = maxTokens;
    }

    /**
     * @return the timeout
     */
    public Duration getTimeout() {
        return timeout;
    }

    /**
     * @param timeout the timeout
     */
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * @return how many times a failed model call is tried again
     */
    public int getMaxRetries() {
        return maxRetries;
    }

    /**
     * @param maxRetries how many times a failed model call is tried again
     */
    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    /**
     * @return the history limit
     */
    public int getHistoryLimit() {
        return historyLimit;
    }

    /**
     * @param historyLimit the history limit
     */
    public void setHistoryLimit(int historyLimit) {
        this.historyLimit = historyLimit;
    }

    /**
     * @return the system prompt
     */
    public @Nullable String getSystemPrompt() {
        return systemPrompt;
    }

    /**
     * @param systemPrompt the system prompt
     */
    public void setSystemPrompt(@Nullable String systemPrompt) {
        this.systemPrompt = systemPrompt;
    }
}
