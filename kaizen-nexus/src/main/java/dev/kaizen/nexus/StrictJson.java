package dev.kaizen.nexus;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reader every request body goes through: the application's mapper, refusing what a lenient
 * parser would settle silently: a key given twice ({@code {"sessionId":"a","sessionId":"b"}}) and
 * anything after the first JSON value (two documents in one body).
 *
 * <p>Internal: used by the channels; not part of the public API.
 */
public final class StrictJson {

    private StrictJson() {
    }

    /**
     * @param json the application's mapper
     * @return a mapper with the same settings that refuses duplicate keys and trailing content
     */
    public static JsonMapper of(JsonMapper json) {
        return json.rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }
}
