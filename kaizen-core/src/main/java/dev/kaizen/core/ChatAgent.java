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
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

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

    /** Whether the model is one Kaizen built, whose calls it can close ({@link ModelCalls}). */
    private final boolean closesModelCalls;

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
        this.closesModelCalls = builder.chatModel == null && chatModel instanceof OpenAiChatModel
                && options instanceof OpenAiChatOptions;
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
        String answer;
        String calls = closesModelCalls ? ModelCalls.INSTANCE.begin() : null;
        boolean answered = false;
        try {
            Prompt prompt = new Prompt(messages, calls == null ? options : taggedWith(calls));
            if (calls != null) {
                context.onCancel(() -> ModelCalls.INSTANCE.cancel(calls));
            }
            answer = context.streaming() ? streamed(prompt, context) : textOf(chatModel.call(prompt));
            answered = true;
        }
        catch (RuntimeException e) {
            throw ModelFailures.classify(e, config());
        }
        finally {
            if (calls != null) {
                // A run that ends without its answer (cancelled, timed out) closes the model call.
                ModelCalls.INSTANCE.end(calls, !answered);
            }
        }
        Map<String, Object> outputs = signature().validateOutputs(name(), PromptFormat.parseAnswer(name(), answer));
        if (session != null) {
            int limit = config().historyLimit();
            session.update(historyKey(), history -> ConversationHistory.append(history, userText, answer, limit));
        }
        return outputs;
    }

    /**
     * Streams the model's answer, passing each chunk's text on as a token, and returns the whole.
     * The chunks are read on the run's own thread (so the observer hears them there); when the
     * run is cancelled or times out, the interrupt ends the wait and cancels the subscription, and
     * {@link ModelCalls} closes the model call. A model that cannot stream answers in one piece.
     */
    private @Nullable String streamed(Prompt prompt, RunContext context) {
        Iterable<ChatResponse> chunks;
        try {
            chunks = chatModel.stream(prompt).toIterable(1);
        }
        catch (UnsupportedOperationException cannotStream) {
            return textOf(chatModel.call(prompt));
        }
        StringBuilder answer = new StringBuilder();
        for (ChatResponse chunk : chunks) {
            String text = textOf(chunk);
            if (text != null && !text.isEmpty()) {
                answer.append(text);
                context.token(text);
            }
        }
        return answer.toString();
    }

    /** This agent's options, with the header that files the run's model calls under {@code calls}. */
    private ChatOptions taggedWith(String calls) {
        OpenAiChatOptions own = (OpenAiChatOptions) options; // closesModelCalls checked it is
        Map<String, String> headers = new java.util.HashMap<>(own.getCustomHeaders() == null ? Map.of()
                : own.getCustomHeaders());
        headers.put(ModelCalls.HEADER, calls);
        return own.mutate().customHeaders(headers).build();
    }

    private static @Nullable String textOf(@Nullable ChatResponse response) {
        Generation generation = response == null ? null : response.getResult();
        return generation == null ? null : generation.getOutput().getText();
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
