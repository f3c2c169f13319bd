package dev.kaizen.nexus.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CommandLineWordsTest {

    @Test
    void wordsAreSplitAsAShellSplitsThem() {
        assertThat(CommandLineWords.split("nexus run qa --question 'two words'"))
                .containsExactly("nexus", "run", "qa", "--question", "two words");
        assertThat(CommandLineWords.split("--text \"say \\\"hi\\\" \\\\ now\" --x ''"))
                .containsExactly("--text", "say \"hi\" \\ now", "--x", "");
        assertThat(CommandLineWords.split("a\\ b 'it'\\''s' --v '--starts-with-dashes'"))
                .containsExactly("a b", "it's", "--v", "--starts-with-dashes");
        assertThat(CommandLineWords.split("  \t spaced \t out  ")).containsExactly("spaced", "out");
        assertThat(CommandLineWords.split("'single keeps \\ and \"'")).containsExactly("single keeps \\ and \"");
        assertThat(CommandLineWords.split("")).isEmpty();
    }

    @Test
    void aLongLineIsSplitAtOnce() {
        String value = "x".repeat(200_000);

        assertThat(CommandLineWords.split("nexus run qa --question '" + value + "'").get(4)).hasSize(200_000);
    }

    @Test
    void brokenQuotingIsNamed() {
        assertThatThrownBy(() -> CommandLineWords.split("--q 'open")).hasMessage("unclosed single quote at column 5");
        assertThatThrownBy(() -> CommandLineWords.split("--q \"open")).hasMessage("unclosed double quote at column 5");
        assertThatThrownBy(() -> CommandLineWords.split("end\\"))
                .hasMessage("a backslash ends the line; nothing follows it to escape");
        assertThat(List.of()).isEmpty();
    }
}
