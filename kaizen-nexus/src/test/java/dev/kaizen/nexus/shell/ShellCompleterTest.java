package dev.kaizen.nexus.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.jline.reader.Candidate;
import org.jline.reader.Parser.ParseContext;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;

/** Tab completion of the interactive shell, on lines parsed as JLine parses them at a Tab. */
class ShellCompleterTest {

    private final Nexus nexus = Nexus.builder().build();

    private final ShellOperations operations;

    {
        Deployments.deployAsCli(TestAgents.echo("echo", ""), nexus, "echo");
        Deployments.deployAsCli(TestAgents.echo("echo-twice", ""), nexus, "echo-twice");
        operations = ShellChannel.of(nexus).operations();
    }

    private List<String> complete(String line) {
        List<Candidate> candidates = new ArrayList<>();
        new ShellCompleter(operations::workflows).complete(null,
                new DefaultParser().parse(line, line.length(), ParseContext.COMPLETE), candidates);
        return candidates.stream().map(Candidate::value).toList();
    }

    @Test
    void offersCommandsThenWorkflowNames() {
        assertThat(complete("")).contains("nexus", "help", "quit", "run", "list", "describe");
        assertThat(complete("nexus ")).containsExactlyInAnyOrderElementsOf(ShellLine.COMMANDS);
        assertThat(complete("nexus run ")).containsExactlyInAnyOrder("echo", "echo-twice");
        assertThat(complete("describe ec")).containsExactlyInAnyOrder("echo", "echo-twice");
        assertThat(complete("help run ")).containsExactlyInAnyOrder("echo", "echo-twice");
        assertThat(complete("runs ")).containsExactly("get", "watch", "cancel");
    }

    @Test
    void offersAWorkflowsOptionsNotGivenYetAndTheFormats() {
        assertThat(complete("nexus run echo ")).containsExactlyInAnyOrder("--question", "--count", "--session",
                "--format", "--async", "--help");
        assertThat(complete("run echo --question 'two words' --")).doesNotContain("--question").contains("--count");
        assertThat(complete("run echo --format ")).containsExactly("json", "text");
        assertThat(complete("run nope ")).containsExactlyInAnyOrder("--session", "--format", "--async", "--help");
    }

    @Test
    void aNexusThatCannotBeReachedOffersNothing() {
        ShellCompleter unreachable = new ShellCompleter(() -> {
            throw ShellFailure.failed("cannot reach the Nexus at http://127.0.0.1:9/: connection refused");
        });
        List<Candidate> candidates = new ArrayList<>();

        unreachable.complete(null, new DefaultParser().parse("run ", 4, ParseContext.COMPLETE), candidates);

        assertThat(candidates).isEmpty();
    }
}
