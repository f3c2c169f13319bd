package dev.kaizen.nexus.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words as a POSIX shell does for plain words: blanks (spaces, tabs,
 * and the line ends a file from Windows leaves) separate words;
 * {@code '...'} keeps everything inside as it is; {@code "..."} keeps everything but lets a
 * backslash escape {@code "}, {@code \} and {@code $}; outside quotes a backslash keeps the next
 * character. {@code ''} is an empty word. Linear in the line's length.
 */
public final class CommandLineWords {

    private CommandLineWords() {
    }

    /**
     * @param line a command line
     * @return its words
     * @throws IllegalArgumentException naming the problem, for an unclosed quote or a trailing backslash
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            }
            else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed single quote at column " + (i + 1));
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            }
            else if (c == '"') {
                i = doubleQuoted(line, i, word);
                inWord = true;
            }
            else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new IllegalArgumentException("a backslash ends the line; nothing follows it to escape");
                }
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            }
            else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends a double-quoted part starting at {@code open}; returns the index after its closing quote. */
    private static int doubleQuoted(String line, int open, StringBuilder word) {
        int i = open + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                word.append(line.charAt(i + 1));
                i += 2;
            }
            else {
                word.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("unclosed double quote at column " + (open + 1));
    }
}
