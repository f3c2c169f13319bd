package dev.kaizen.nexus.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What --format text shows of a run's tokens: plain text as it is, a JSON answer as its text. */
class ReadableTokensTest {

    private static String shown(String... tokens) {
        ReadableTokens readable = new ReadableTokens();
        StringBuilder shown = new StringBuilder();
        for (String token : tokens) {
            shown.append(readable.next(token));
        }
        return shown.toString();
    }

    @Test
    void plainTextShowsAsItComes() {
        assertThat(shown(" HEL", "LO {not json}")).isEqualTo(" HELLO {not json}");
    }

    @Test
    void aJsonAnswerShowsAsTheTextOfItsFirstStringField() {
        assertThat(shown("{\"answer\": ", "\"Kaizen ", "means ", "improvement\"", "}"))
                .isEqualTo("Kaizen means improvement");
        assertThat(shown("  {\"a", "nswer\":\"x\", \"more\": \"y\"}")).isEqualTo("x");
    }

    @Test
    void escapesShowAsTheCharactersTheyStandForEvenSplitAcrossTokens() {
        assertThat(shown("{\"answer\":\"say \\", "\"hi\\\" \\\\ \\/ line\\nnext\\tTab \\u00", "e9t\\u00E9 ",
                "\\ud83d\\ude00\"}")).isEqualTo("say \"hi\" \\ / line\nnext\tTab été \ud83d\ude00");
    }

    @Test
    void fieldsThatAreNotTextAreSkippedForTheFirstThatIs() {
        assertThat(shown("{\"score\": 0.9, \"tags\": [\"a\", {\"b\": \"}\"}], \"ok\": true, \"answer\": \"yes\"}"))
                .isEqualTo("yes");
        assertThat(shown("{\"n\": 3, \"items\": [1, 2]}")).as("no text field: nothing until the outputs").isEmpty();
    }

    @Test
    void fieldNamesWithEscapedQuotesAreNames() {
        assertThat(shown("{\"a \\\"quoted\\\" name\": \"text\"}")).isEqualTo("text");
    }
}
