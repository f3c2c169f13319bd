package dev.kaizen.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * An agent answered by a language model through Spring AI's {@link ChatModel}, so any Spring AI
 * provider works.
 *
 * <pre>{@code
 * ChatAgent assistant = ChatAgent.builder()
 *         .name("assistant")
 *         .description("Answers questions")
 *         .signature(Signature.builder()
 *                 .input("question", FieldType.STRING, "What the user asks")
 *                 .output("answer", FieldType.STRING, "The answer")
 *                 .build())
 *         .config(AgentConfig.builder().temperature(0.2).build())
 *         .build();
 * }</pre>
 *
 * <p>Without {@link Builder#chatModel(ChatModel)}, the model comes from the configuration through
 * {@link ChatModels}: OpenAI-compatible when a key or base URL is set, offline otherwise.
 *
 * <p>Each run sends a system message (the system prompt, the signature's field descriptions and
 * the output JSON Schema) and a user message (the inputs as JSON), reads the answer as a JSON
 * object and validates it against the outputs. In a session, the conversation so far goes between
 * the two, and the exchange is added to it afterwards, keeping the last
 * {@link AgentConfig#historyLimit()} messages under {@link #historyKey()}; the system prompt is
 * never part of the stored history, so it is always sent. An answer that is not JSON, or misses an output
 * field, fails with {@link AgentOutputException}. The configured model, temperature and max
 * tokens are sent with every request, also to a model given directly.
 */
public final class ChatAgent extends AbstractAgent {

    private final ChatModel chatModel;

    private final ChatOptions options;

    private final SystemMessage systemMessage;

    private ChatAgent(Builder builder, AgentConfig resolved, ChatModel chatModel) {
        super(builder.name, builder.description, builder.signature, resolved);
        this.chatModel = chatModel;
        this.options = chatModel.getOptions().mutate()
                .model(resolved.model())
                .temperature(resolved.temperature())
                .maxTokens(resolved.maxTokens())
                .build();
        this.systemMessage = new SystemMessage(PromptFormat.systemText(
                Objects.requireNonNull(resolved.systemPrompt()), signature()));
    }

    /**
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the model this agent asks
     */
    public ChatModel chatModel() {
        return chatModel;
    }

    @Override
    public Map<String, Object> run(Map<String, Object> inputs, RunContext context) {
        SessionState session = config().historyLimit() > 0 ? context.session().orElse(null) : null;
        String userText = PromptFormat.userText(inputs);
        List<Message> messages = new ArrayList<>();
        messages.add(systemMessage);
        if (session != null) {
            messages.addAll(ConversationHistory.messages(session.snapshot().get(historyKey())));
        }
        messages.add(new UserMessage(userText));
        ChatResponse response;
        try {
            response = chatModel.call(new Prompt(messages, options));
        }
        catch (RuntimeException e) {
            throw ModelFailures.classify(e, config());
        }
        Generation generation = response == null ? null : response.getResult();
        String answer = generation == null ? null : generation.getOutput().getText();
        Map<String, Object> outputs = signature().validateOutputs(name(), PromptFormat.parseAnswer(name(), answer));
        if (session != null) {
            int limit = config().historyLimit();
            session.update(historyKey(), history -> ConversationHistory.append(history, userText, answer, limit));
        }
        return outputs;
    }

    /**
     * @return the session state key under which this agent keeps its conversation
     */
    public String historyKey() {
        return "history." + name();
    }

    /** Builds a {@link ChatAgent}; name and signature are required. */
    public static final class Builder {

        private @Nullable String name;

        private @Nullable String description;

        private @Nullable Signature signature;

        private AgentConfig config = AgentConfig.defaults();

        private @Nullable ChatModel chatModel;

        private Builder() {
        }

        /**
         * @param name the agent's name, not blank
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * @param description what the agent does
         * @return this builder
         */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /**
         * @param signature what the agent takes and gives back
         * @return this builder
         */
        public Builder signature(Signature signature) {
            this.signature = signature;
            return this;
        }

        /**
         * @param config provider, model, sampling, system prompt and timeout
         * @return this builder
         */
        public Builder config(AgentConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Uses this model instead of the one the configuration would choose.
         *
         * @param chatModel any Spring AI chat model
         * @return this builder
         */
        public Builder chatModel(ChatModel chatModel) {
            this.chatModel = Objects.requireNonNull(chatModel, "chatModel");
            return this;
        }

        /**
         * Resolves the configuration, creates the model if none was given, and builds the agent.
         *
         * @return the agent
         * @throws NullPointerException if name or signature is missing
         * @throws IllegalArgumentException if the name is blank or the provider unknown
         */
        public ChatAgent build() {
            AgentConfig resolved = chatModel == null ? ChatModels.resolve(config) : describeGivenModel(chatModel);
            resolved = resolved.toBuilder().systemPrompt(effectiveSystemPrompt(resolved)).build();
            ChatModel model = chatModel == null ? ChatModels.create(resolved) : chatModel;
            return new ChatAgent(this, resolved, model);
        }

        private AgentConfig describeGivenModel(ChatModel model) {
            String provider = config.provider().equals(AgentConfig.PROVIDER_AUTO) ? ChatModels.providerOf(model)
                    : config.provider();
            String modelName = config.model() != null ? config.model() : model.getOptions().getModel();
            return config.toBuilder().provider(provider).model(modelName).apiKey(null).build();
        }

        private String effectiveSystemPrompt(AgentConfig resolved) {
            if (resolved.systemPrompt() != null) {
                return resolved.systemPrompt();
            }
            String who = "You are " + (name == null ? "an agent" : name.strip()) + ".";
            return description == null || description.isBlank() ? who : who + " " + description.strip();
        }
    }
}
