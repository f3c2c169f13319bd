package dev.kaizen.nexus.runs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One event of a run, as a stream carries it: {@code started}, {@code progress}, {@code token},
 * then {@code result} or {@code error}.
 *
 * @param name the event's name
 * @param data its JSON object
 */
public record RunEvent(String name, Map<String, Object> data) {

    public RunEvent {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** @return {@code started}: the run's id and session */
    public static RunEvent started(String runId, @Nullable String sessionId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("runId", runId);
        data.put("sessionId", sessionId);
        return new RunEvent("started", data);
    }

    /** @return {@code progress}: a message, and how much is done when known */
    public static RunEvent progress(String message, @Nullable Double fraction) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", message);
        if (fraction != null) {
            data.put("fraction", fraction);
        }
        return new RunEvent("progress", data);
    }

    /** @return {@code token}: a piece of partial output */
    public static RunEvent token(String text) {
        return new RunEvent("token", Map.of("text", text));
    }
}
