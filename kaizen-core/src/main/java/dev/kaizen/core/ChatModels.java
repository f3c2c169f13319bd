package dev.kaizen.core;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * Chooses and creates the Spring AI {@link ChatModel} an {@link AgentConfig} asks for.
 *
 * <p>With the provider {@value AgentConfig#PROVIDER_AUTO}, an API key or a base URL (in the
 * configuration, or in {@value #ENV_API_KEY} / {@value #ENV_BASE_URL}) selects the
 * OpenAI-compatible provider, and nothing selects the {@link OfflineChatModel}. A base URL alone
 * is enough: Ollama ({@code http://localhost:11434/v1}), vLLM and LM Studio need no key.
 */
public final class ChatModels {

    /** Environment variable read for an API key when the configuration has none. */
    public static final String ENV_API_KEY = "OPENAI_API_KEY";

    /** Environment variable read for a base URL when the configuration has none. */
    public static final String ENV_BASE_URL = "OPENAI_BASE_URL";

    /** The base URL used by the OpenAI-compatible provider when none is configured. */
    public static final String DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";

    /** The model used by the OpenAI-compatible provider when none is configured. */
    public static final String DEFAULT_OPENAI_MODEL = "gpt-4o-mini";

    private ChatModels() {
    }

    /**
     * Resolves a configuration against the process environment.
     *
     * @param config the configuration as written
     * @return the configuration with provider, base URL, model and API key decided
     * @see #resolve(AgentConfig, Function)
     */
    public static AgentConfig resolve(AgentConfig config) {
        return resolve(config, System::getenv);
    }

    /**
     * Decides the provider (never {@value AgentConfig#PROVIDER_AUTO} afterwards), the base URL and
     * the model, and fills in the API key from the environment.
     *
     * @param config the configuration as written
     * @param environment looks up environment variables; returns {@code null} for unset ones
     * @return the resolved configuration
     * @throws IllegalArgumentException if the provider is not one this class knows
     */
    public static AgentConfig resolve(AgentConfig config, Function<String, @Nullable String> environment) {
        Objects.requireNonNull(config, "config");
        String apiKey = firstNonBlank(config.apiKey(), environment.apply(ENV_API_KEY));
        String baseUrl = firstNonBlank(config.baseUrl(), environment.apply(ENV_BASE_URL));
        String provider = config.provider();
        if (provider.equals(AgentConfig.PROVIDER_AUTO)) {
            provider = apiKey != null || baseUrl != null ? AgentConfig.PROVIDER_OPENAI : AgentConfig.PROVIDER_OFFLINE;
        }
        return switch (provider) {
            case AgentConfig.PROVIDER_OFFLINE -> config.toBuilder().provider(provider).baseUrl(null).apiKey(null)
                    .model(Objects.requireNonNullElse(config.model(), OfflineChatModel.MODEL)).build();
            case AgentConfig.PROVIDER_OPENAI -> config.toBuilder().provider(provider).apiKey(apiKey)
                    .baseUrl(Objects.requireNonNullElse(baseUrl, DEFAULT_OPENAI_BASE_URL))
                    .model(Objects.requireNonNullElse(config.model(), DEFAULT_OPENAI_MODEL)).build();
            default -> throw new IllegalArgumentException("unknown model provider '" + provider + "': use "
                    + AgentConfig.PROVIDER_AUTO + ", " + AgentConfig.PROVIDER_OFFLINE + " or "
                    + AgentConfig.PROVIDER_OPENAI + ", or give the agent a ChatModel of your own");
        };
    }

    /**
     * Creates the model a resolved configuration names.
     *
     * @param resolved a configuration returned by {@link #resolve}
     * @return the model, ready to call
     * @throws IllegalArgumentException if the configuration is not resolved
     */
    public static ChatModel create(AgentConfig resolved) {
        return switch (resolved.provider()) {
            case AgentConfig.PROVIDER_OFFLINE -> new OfflineChatModel();
            case AgentConfig.PROVIDER_OPENAI -> openAiCompatible(resolved);
            default -> throw new IllegalArgumentException("cannot create a model for provider '"
                    + resolved.provider() + "': resolve the configuration with ChatModels.resolve first");
        };
    }

    /**
     * Names the provider of a model given directly to an agent, for its fingerprint.
     *
     * @param model any chat model
     * @return {@value AgentConfig#PROVIDER_OFFLINE}, {@value AgentConfig#PROVIDER_OPENAI}, or the
     *     model's class name in lower case
     */
    public static String providerOf(ChatModel model) {
        if (model instanceof OfflineChatModel) {
            return AgentConfig.PROVIDER_OFFLINE;
        }
        if (model instanceof OpenAiChatModel) {
            return AgentConfig.PROVIDER_OPENAI;
        }
        return model.getClass().getName().toLowerCase(Locale.ROOT);
    }

    private static ChatModel openAiCompatible(AgentConfig resolved) {
        OpenAiChatOptions options = OpenAiChatOptions.builder()
                .baseUrl(resolved.baseUrl())
                // An empty key puts the client in no-auth mode, which local servers (Ollama, vLLM) want.
                .apiKey(Objects.requireNonNullElse(resolved.apiKey(), ""))
                .model(resolved.model())
                .temperature(resolved.temperature())
                .maxTokens(resolved.maxTokens())
                .timeout(resolved.timeout())
                // The OpenAI client retries 429, 5xx and connection failures with backoff and jitter.
                .maxRetries(resolved.maxRetries())
                .build();
        // Kaizen closes a run's model calls when the run ends early (ModelCalls).
        return OpenAiChatModel.builder().options(options)
                .httpClientBuilderCustomizer(client -> client.interceptor(ModelCalls.INSTANCE)).build();
    }

    private static @Nullable String firstNonBlank(@Nullable String first, @Nullable String second) {
        if (first != null && !first.isBlank()) {
            return first.strip();
        }
        return second != null && !second.isBlank() ? second.strip() : null;
    }
}
