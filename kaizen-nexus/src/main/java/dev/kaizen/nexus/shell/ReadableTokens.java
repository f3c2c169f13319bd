package dev.kaizen.nexus.shell;

/**
 * The part of a run's tokens a person reads, for {@code --format text} on a terminal. Plain text
 * passes as it comes. An answer in JSON (a {@code ChatAgent}'s model writes its outputs as one
 * object, such as <code>{"answer": "Kaizen means..."}</code>) shows as the text of its first
 * string field, unescaped, as it streams; the rest of the object waits for the outputs printed at
 * the end, one {@code field: value} line each.
 * <p>
 * A run's tokens come in order, one at a time: this holds the state of one run and is not
 * thread-safe.
 */
final class ReadableTokens {

    /** Where in the token stream the next character falls. */
    private enum State {
        /** Nothing but whitespace yet: plain text or a JSON object? */
        FIRST,
        /** Plain text: everything shows. */
        PLAIN,
        /** In the object, before a field name (or its end). */
        FIELDS,
        /** In a field name. */
        NAME,
        /** In a field name, after a backslash. */
        NAME_ESCAPE,
        /** After a field name, before its colon. */
        COLON,
        /** After the colon, before the value. */
        VALUE,
        /** In the first string value: it shows. */
        TEXT,
        /** In that string, after a backslash. */
        TEXT_ESCAPE,
        /** In that string, in the four hex digits of a {@code \}{@code u} escape. */
        TEXT_UNICODE,
        /** In a value that is not a string (a number, an array, an object, a literal). */
        SKIP,
        /** In a string inside a skipped value. */
        SKIP_STRING,
        /** In that string, after a backslash. */
        SKIP_ESCAPE,
        /** The first string value has shown, or the object is not one this reads: nothing more shows. */
        DONE
    }

    private State state = State.FIRST;

    /** Whitespace before the first character, shown only if the text turns out plain. */
    private final StringBuilder leading = new StringBuilder();

    /** How deep a skipped value's brackets go. */
    private int depth;

    /** The {@code \}{@code u} escape read so far: its value and how many digits. */
    private int unicode;

    private int unicodeDigits;

    /**
     * @param token the next token of the run
     * @return the part of it to show, possibly empty
     */
    String next(String token) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < token.length(); i++) {
            read(token.charAt(i), shown);
        }
        return shown.toString();
    }

    private void read(char c, StringBuilder shown) {
        switch (state) {
            case FIRST -> {
                if (Character.isWhitespace(c)) {
                    leading.append(c);
                }
                else if (c == '{') {
                    state = State.FIELDS;
                }
                else {
                    state = State.PLAIN;
                    shown.append(leading).append(c);
                }
            }
            case PLAIN -> shown.append(c);
            case FIELDS -> {
                if (c == '"') {
                    state = State.NAME;
                }
                else if (!Character.isWhitespace(c) && c != ',') {
                    state = State.DONE; // the end of the object, or not JSON after all
                }
            }
            case NAME -> state = c == '\\' ? State.NAME_ESCAPE : c == '"' ? State.COLON : State.NAME;
            case NAME_ESCAPE -> state = State.NAME;
            case COLON -> {
                if (c == ':') {
                    state = State.VALUE;
                }
                else if (!Character.isWhitespace(c)) {
                    state = State.DONE;
                }
            }
            case VALUE -> {
                if (c == '"') {
                    state = State.TEXT;
                }
                else if (!Character.isWhitespace(c)) {
                    state = State.SKIP;
                    depth = 0;
                    skip(c);
                }
            }
            case TEXT -> {
                if (c == '\\') {
                    state = State.TEXT_ESCAPE;
                }
                else if (c == '"') {
                    state = State.DONE;
                }
                else {
                    shown.append(c);
                }
            }
            case TEXT_ESCAPE -> {
                state = State.TEXT;
                switch (c) {
                    case 'n' -> shown.append('\n');
                    case 't' -> shown.append('\t');
                    case 'r' -> shown.append('\r');
                    case 'b' -> shown.append('\b');
                    case 'f' -> shown.append('\f');
                    case 'u' -> {
                        state = State.TEXT_UNICODE;
                        unicode = 0;
                        unicodeDigits = 0;
                    }
                    default -> shown.append(c); // \" \\ \/
                }
            }
            case TEXT_UNICODE -> {
                int digit = Character.digit(c, 16);
                if (digit < 0) {
                    state = State.TEXT; // not JSON: the escape shows as nothing
                    read(c, shown);
                    return;
                }
                unicode = unicode * 16 + digit;
                if (++unicodeDigits == 4) {
                    shown.append((char) unicode); // a surrogate pair comes as two escapes, in order
                    state = State.TEXT;
                }
            }
            case SKIP -> skip(c);
            case SKIP_STRING -> state = c == '\\' ? State.SKIP_ESCAPE : c == '"' ? State.SKIP : State.SKIP_STRING;
            case SKIP_ESCAPE -> state = State.SKIP_STRING;
            case DONE -> {
                // Shown in the outputs at the end.
            }
        }
    }

    private void skip(char c) {
        switch (c) {
            case '"' -> state = State.SKIP_STRING;
            case '{', '[' -> depth++;
            case '}', ']' -> {
                if (depth == 0) {
                    state = State.DONE; // the object ended without a string field
                }
                else {
                    depth--;
                }
            }
            case ',' -> {
                if (depth == 0) {
                    state = State.FIELDS;
                }
            }
            default -> {
                // A digit, a letter of true/false/null, or whitespace.
            }
        }
    }
}
