package dev.kaizen.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * A chat agent's conversation as stored in session state: a JSON list of
 * {@code {"role": "user"|"assistant", "content": text}}, oldest first, bounded in length.
 */
final class ConversationHistory {

    private ConversationHistory() {
    }

    /** The stored conversation as chat messages; anything unreadable is skipped, not fatal. */
    static List<Message> messages(@Nullable Object stored) {
        List<Message> messages = new ArrayList<>();
        if (stored instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Map<?, ?> map && map.get("content") instanceof String content) {
                    messages.add("assistant".equals(map.get("role")) ? new AssistantMessage(content)
                            : new UserMessage(content));
                }
            }
        }
        return messages;
    }

    /** The conversation with one exchange added, trimmed to the last {@code limit} messages. */
    static List<Object> append(@Nullable Object stored, String user, @Nullable String assistant, int limit) {
        List<Object> history = new ArrayList<>(stored instanceof List<?> entries ? entries : List.of());
        history.add(entry("user", user));
        history.add(entry("assistant", assistant == null ? "" : assistant));
        return new ArrayList<>(history.subList(Math.max(0, history.size() - limit), history.size()));
    }

    private static Map<String, Object> entry(String role, String content) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("role", role);
        entry.put("content", content);
        return entry;
    }
}
