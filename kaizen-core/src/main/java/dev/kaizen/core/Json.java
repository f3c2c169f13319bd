package dev.kaizen.core;

import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;

/** The one place kaizen-core reads and writes JSON; Jackson stays out of the public API. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Sorted keys, so equal content always gives equal text: the basis of fingerprints. */
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private Json() {
    }

    static String write(@Nullable Object value) {
        return MAPPER.writeValueAsString(value);
    }

    static String writeCanonical(Object value) {
        return CANONICAL.writeValueAsString(value);
    }

    /**
     * Reads a JSON object.
     *
     * @return the object, or {@code null} if the text is not JSON or not an object
     */
    static @Nullable Map<String, Object> readObject(String text) {
        try {
            return MAPPER.readValue(text, OBJECT);
        }
        catch (JacksonException notAnObject) {
            return null;
        }
    }
}
