package dev.kaizen.core;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The prompt contract between {@link ChatAgent} and a model: how the signature is described in
 * the system message, how inputs travel in the user message, and how the answer is read back.
 * {@link OfflineChatModel} reads the same contract, so it answers in the shape asked for.
 */
final class PromptFormat {

    /** Starts the system-message line that carries the output JSON Schema, on one line. */
    static final String OUTPUT_SCHEMA_PREFIX = "Output JSON Schema: ";

    private PromptFormat() {
    }

    static String systemText(String systemPrompt, Signature signature) {
        StringBuilder text = new StringBuilder(systemPrompt).append("\n\n");
        text.append("The user message is one JSON object with these input fields:\n");
        for (Field field : signature.inputs()) {
            text.append("- ").append(field.name()).append(" (").append(field.type().jsonName())
                    .append(field.required() ? ", required" : ", optional").append("): ")
                    .append(field.description()).append('\n');
        }
        text.append("Reply with exactly one JSON object and nothing else, with these output fields:\n");
        for (Field field : signature.outputs()) {
            text.append("- ").append(field.name()).append(" (").append(field.type().jsonName()).append("): ")
                    .append(field.description()).append('\n');
        }
        text.append(OUTPUT_SCHEMA_PREFIX).append(Json.write(signature.outputSchema()));
        return text.toString();
    }

    static String userText(Map<String, Object> inputs) {
        return Json.write(inputs);
    }

    /**
     * Reads a model's answer as a JSON object, allowing for a Markdown code fence or a sentence
     * around it, which many models add however they are asked.
     *
     * @throws AgentOutputException if no JSON object can be found
     */
    static Map<String, Object> parseAnswer(String agentName, @Nullable String answer) {
        if (answer == null || answer.isBlank()) {
            throw new AgentOutputException(agentName, "the model returned an empty answer");
        }
        Map<String, Object> parsed = Json.readObject(answer.strip());
        if (parsed == null) {
            int open = answer.indexOf('{');
            int close = answer.lastIndexOf('}');
            if (open >= 0 && close > open) {
                parsed = Json.readObject(answer.substring(open, close + 1));
            }
        }
        if (parsed == null) {
            throw new AgentOutputException(agentName, "the model's answer is not a JSON object: " + excerpt(answer));
        }
        return parsed;
    }

    private static String excerpt(String answer) {
        String oneLine = answer.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? '"' + oneLine + '"' : '"' + oneLine.substring(0, 120) + "...\"";
    }
}
