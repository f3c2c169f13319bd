package dev.kaizen.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

import reactor.core.publisher.Flux;

/**
 * An OFFLINE stand-in for a language model: deterministic, no network, no API key, no
 * intelligence. It exists so that examples and tests run anywhere.
 *
 * <p>Asked by a {@link ChatAgent}, it answers with a JSON object holding every output field the
 * agent's signature asks for: text fields say {@code [offline model]} and repeat the inputs they
 * received, integer and number fields count the words of the text inputs, boolean fields are
 * {@code true} when any input was given, array fields list the text inputs and object fields
 * echo the inputs. Asked anything else, it echoes the last user message. The same prompt always
 * gets the same answer.
 */
public final class OfflineChatModel implements ChatModel {

    /** The model name this model reports. */
    public static final String MODEL = "kaizen-offline-1";

    /** Starts every text this model writes, so nobody mistakes it for a real model's. */
    public static final String MARKER = "[offline model]";

    private static final ChatOptions OPTIONS = ChatOptions.builder().model(MODEL).build();

    @Override
    public ChatResponse call(Prompt prompt) {
        String system = textOf(prompt, MessageType.SYSTEM);
        String user = textOf(prompt, MessageType.USER);
        Map<String, Object> outputSchema = outputSchemaIn(system);
        String answer = outputSchema == null ? MARKER + " echo: " + user : Json.write(answer(outputSchema, user));
        return new ChatResponse(List.of(new Generation(new AssistantMessage(answer))));
    }

    /** The same answer as {@link #call(Prompt)}, a word (with the space after it) per chunk. */
    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        String answer = String.valueOf(call(prompt).getResult().getOutput().getText());
        return Flux.fromArray(answer.split("(?<= )")).map(
                piece -> new ChatResponse(List.of(new Generation(new AssistantMessage(piece)))));
    }

    @Override
    public ChatOptions getOptions() {
        return OPTIONS;
    }

    private static Map<String, Object> answer(Map<String, Object> outputSchema, String user) {
        Map<String, Object> parsed = Json.readObject(user);
        Map<String, Object> inputs = parsed != null ? parsed : Map.of("text", user);
        List<String> texts = new ArrayList<>();
        StringJoiner received = new StringJoiner(", ");
        inputs.forEach((name, value) -> {
            received.add(name + "=" + Json.write(value));
            if (value instanceof String text) {
                texts.add(text);
            }
        });
        long words = texts.stream().flatMap(text -> List.of(text.strip().split("\\s+")).stream())
                .filter(word -> !word.isEmpty()).count();

        Map<String, Object> answer = new LinkedHashMap<>();
        propertiesOf(outputSchema).forEach((name, type) -> answer.put(name, switch (type) {
            case "integer" -> words;
            case "number" -> (double) words;
            case "boolean" -> !inputs.isEmpty();
            case "array" -> texts;
            case "object" -> inputs;
            default -> MARKER + " " + name + " for " + received
                    + ". Set OPENAI_API_KEY or a model base URL for real answers.";
        }));
        return answer;
    }

    private static Map<String, String> propertiesOf(Map<String, Object> schema) {
        Map<String, String> types = new LinkedHashMap<>();
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            properties.forEach((name, property) -> {
                Object type = property instanceof Map<?, ?> map ? map.get("type") : null;
                types.put(String.valueOf(name), String.valueOf(type));
            });
        }
        return types;
    }

    private static @Nullable Map<String, Object> outputSchemaIn(String system) {
        int at = system.lastIndexOf(PromptFormat.OUTPUT_SCHEMA_PREFIX);
        if (at < 0) {
            return null;
        }
        int start = at + PromptFormat.OUTPUT_SCHEMA_PREFIX.length();
        int end = system.indexOf('\n', start);
        return Json.readObject(end < 0 ? system.substring(start) : system.substring(start, end));
    }

    private static String textOf(Prompt prompt, MessageType type) {
        String last = "";
        for (Message message : prompt.getInstructions()) {
            if (message.getMessageType() == type && message.getText() != null) {
                last = message.getText();
            }
        }
        return last;
    }
}
