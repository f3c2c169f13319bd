package dev.kaizen.nexus;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * Text that came from a caller, made safe to log or to echo back: control characters (CR, LF and
 * the rest) escaped so no value can forge a log line, and long values cut.
 *
 * <p>Internal: used by the channels; not part of the public API.
 */
public final class LogSafe {

    /** The most characters of a caller's value that a log line or an error message repeats. */
    public static final int MAX_LENGTH = 200;

    private LogSafe() {
    }

    /**
     * @param value a value from a caller, or {@code null}
     * @return the value with control characters escaped ({@code \n}, {@code \r}, {@code \t},
     *     {@code \\u0000}...), cut to {@value #MAX_LENGTH} characters
     */
    public static String escape(@Nullable String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder safe = new StringBuilder(Math.min(value.length(), MAX_LENGTH) + 8);
        for (int i = 0; i < value.length() && safe.length() < MAX_LENGTH; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> safe.append("\\n");
                case '\r' -> safe.append("\\r");
                case '\t' -> safe.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        safe.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        safe.append(c);
                    }
                }
            }
        }
        return value.length() > MAX_LENGTH ? safe.append("...").toString() : safe.toString();
    }

    /**
     * @param e what the JSON parser threw
     * @return where the JSON went wrong and how, in words a client can act on
     */
    public static String jsonProblem(JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String original = String.valueOf(e.getOriginalMessage());
        String problem = original.startsWith("Trailing token") ? "more content after the JSON value (send one document)"
                : PARSER_NAMES.matcher(original).replaceAll("");
        return "malformed JSON" + where + ": " + escape(problem);
    }

    /** What Jackson's messages say of its own classes and settings, which a client has no use for. */
    private static final java.util.regex.Pattern PARSER_NAMES = java.util.regex.Pattern
            .compile("\\s*\\((bound as|from) `[^`]*`\\)|,? from `[^`]*`|`[A-Za-z_$][\\w$]*(\\.[\\w$]+)+(\\(\\))?`");
}
