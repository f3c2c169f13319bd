package dev.kaizen.nexus.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;

/** The shell fed a file or a pipe of commands: one a line, quoting as a shell does, no line editing. */
class ScriptedShellTest {

    private final Nexus nexus = Nexus.builder().build();

    {
        Deployments.deployAsCli(TestAgents.echo("echo", ""), nexus, "echo");
    }

    private record Outcome(int code, String out, String err) {
    }

    private Outcome run(String script) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ScriptedShell.run(ShellChannel.of(nexus).operations(), new BufferedReader(new StringReader(script)),
                new PrintWriter(out), new PrintWriter(err));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void eachLineIsOneCommandWithShellQuoting() throws Exception {
        Outcome outcome = run("""
                # a comment, then a blank line

                nexus run echo --question 'two words' --count 2
                nexus run echo --question "say \\"hi\\""
                """);

        assertThat(outcome.code()).isZero();
        assertThat(outcome.out().lines().toList()).containsExactly("{\"answer\":\"two words x2\"}",
                "{\"answer\":\"say \\\"hi\\\" x1\"}");
        assertThat(outcome.err()).isEmpty();
    }

    @Test
    void aFailureIsOneLineAndTheLastFailureIsTheExitCode() throws Exception {
        Outcome outcome = run("nexus run echo --count many\nnexus run echo --question 'open\nnexus run echo --question ok\n");

        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.out().strip()).isEqualTo("{\"answer\":\"ok x1\"}");
        assertThat(outcome.err()).contains("error: invalid inputs: ", "error: unclosed single quote at column 27");
    }

    @Test
    void quitEndsItAndALongLineRuns() throws Exception {
        String value = "y".repeat(100_000);

        Outcome outcome = run("nexus run echo --question '" + value + "'\nquit\nnexus run echo --question never\n");

        assertThat(outcome.code()).isZero();
        assertThat(outcome.out()).contains(value).doesNotContain("never");
    }

    @Test
    void quotingIsABashUsersQuoting() throws Exception {
        Outcome outcome = run("""
                run echo --question 'two words'
                nexus run echo --question "say \\"hi\\" and 'bye'"
                nexus run echo --question it\\'s\\ here
                nexus run echo --question "it's"
                nexus run echo --question ''
                nexus run echo --question '-- not an option' --count 3
                nexus run echo --question=--verbose
                """);

        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.code()).isZero();
        assertThat(outcome.out().lines().toList()).containsExactly("{\"answer\":\"two words x1\"}",
                "{\"answer\":\"say \\\"hi\\\" and 'bye' x1\"}", "{\"answer\":\"it's here x1\"}",
                "{\"answer\":\"it's x1\"}", "{\"answer\":\" x1\"}", "{\"answer\":\"-- not an option x3\"}",
                "{\"answer\":\"--verbose x1\"}");
    }

    @Test
    void helpListsTheCommandsOrGivesOneWorkflowsUsage() throws Exception {
        Outcome outcome = run("help\nhelp run echo\nhelp nexus run echo\n");

        assertThat(outcome.code()).isZero();
        assertThat(outcome.out()).startsWith(ShellLine.HELP).contains("quit | exit");
        List<String> usages = outcome.out().substring(ShellLine.HELP.length()).lines().toList();
        assertThat(usages).hasSize(2);
        assertThat(usages.get(0)).isEqualTo(usages.get(1)).startsWith("usage: nexus run echo --question <string>");
    }

    @Test
    void wordsThatAreNoCommandSaySoInOneLine() throws Exception {
        Outcome outcome = run("frobnicate now\nhelp nosuch\n");

        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.out()).isEmpty();
        assertThat(outcome.err().lines().toList()).containsExactly(
                "error: unknown command 'frobnicate'; 'help' lists the commands",
                "error: help takes nothing, or run <name>: help run text-stats");
    }

    @Test
    void aTrailingEscapedBlankAndWindowsLineEndsSplitAsInBash() throws Exception {
        Outcome outcome = run("nexus run echo --question end\\ \nnexus run echo --question crlf\r\n");

        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.out().lines().toList()).containsExactly("{\"answer\":\"end  x1\"}",
                "{\"answer\":\"crlf x1\"}");
    }

    @Test
    void anUnknownCommandIsOneErrorLineAndTheUsageWithNothingAfter() throws Exception {
        Outcome outcome = run("nexus bogus\n");

        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err().lines().toList()).hasSize(2).first().isEqualTo("error: unknown command 'nexus bogus'");
        assertThat(outcome.err().lines().toList().get(1)).startsWith("usage: nexus run <name>");
    }
}
