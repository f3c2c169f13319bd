package dev.kaizen.nexus.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The interactive shell: a JLine line editor over the shell's commands, with history in
 * {@code ~/.kaizen_history}, Tab completion ({@link ShellCompleter}) and a POSIX shell's quoting
 * ({@code 'two words'}, {@code "say \"hi\""}, {@code two\ words}). Each line runs as the one-shot
 * command it names, with the same output and error lines. Returns when the user types
 * {@code quit} or {@code exit}, or presses Ctrl-D; Ctrl-C cancels the running command, or clears
 * the line at the prompt.
 */
public final class InteractiveShell {

    private static final AttributedString PROMPT = new AttributedString("kaizen:> ",
            AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN));

    private InteractiveShell() {
    }

    /**
     * Runs the shell over this process's Nexus.
     *
     * @param channel the shell channel whose commands to offer
     * @return the exit code, as {@link #run(ShellOperations, String)}
     * @throws IOException if the terminal cannot be opened
     */
    public static int run(ShellChannel channel) throws IOException {
        return run(channel.operations(), "");
    }

    /**
     * Runs the shell on the process's terminal until the user leaves it; when standard input is a
     * file or a pipe, runs its commands one a line instead ({@link ScriptedShell}). It starts with
     * one line naming the workflows served.
     *
     * @param operations what the commands do: locally, or on a remote Nexus
     * @param where said in that first line after "Kaizen shell", such as {@code " on http://host:8000"}
     * @return 0, or for commands from a file or pipe the last failure's exit code; when the
     *     workflows cannot be listed (a remote Nexus down or refusing), that failure's code, and
     *     the shell does not start
     * @throws IOException if the terminal cannot be opened
     */
    public static int run(ShellOperations operations, String where) throws IOException {
        if (!StandardInput.isTerminal()) {
            // A file or a pipe of commands: no line editing (see ScriptedShell).
            return ScriptedShell.run(operations, new BufferedReader(new InputStreamReader(System.in,
                    StandardCharsets.UTF_8)), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        }
        List<WorkflowDescription> workflows;
        try {
            workflows = operations.workflows();
        }
        catch (ShellFailure failure) {
            System.err.println("error: " + failure.getMessage());
            return failure.exitCode();
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            // Ctrl-C while a command runs cancels that run and brings the prompt back; at the
            // prompt the line reader handles it. Without this handler the JVM would exit.
            terminal.handle(Terminal.Signal.INT, signal -> ForegroundRun.cancel());
            if (terminal.getWidth() <= 0 || terminal.getHeight() <= 0) {
                // A terminal that reports no size (some pseudo-terminals): JLine would draw no prompt.
                terminal.setSize(new Size(terminal.getWidth() > 0 ? terminal.getWidth() : 80,
                        terminal.getHeight() > 0 ? terminal.getHeight() : 24));
            }
            DefaultParser parser = new DefaultParser();
            // An unclosed quote is one error line (CommandLineWords), not a continuation prompt.
            parser.setEofOnUnclosedQuote(false);
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("kaizen")
                    .completer(new ShellCompleter(operations::workflows)).parser(parser)
                    // History expansion would eat backslashes and turn a '!' in a value into an old line.
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".kaizen_history"))
                    .build();
            PrintWriter out = terminal.writer();
            out.println(greeting(workflows, where));
            out.flush();
            // The terminal is this writer's, whatever file descriptor 1 is.
            readLines(reader, operations.streamingTokens(true), out);
            saveHistory(reader);
        }
        return ShellFailure.OK;
    }

    private static void readLines(LineReader reader, ShellOperations operations, PrintWriter out) {
        while (true) {
            String line;
            try {
                line = reader.readLine(PROMPT.toAnsi(reader.getTerminal()));
            }
            catch (UserInterruptException atPrompt) {
                continue; // Ctrl-C at the prompt drops the line, as in bash
            }
            catch (EndOfFileException ctrlD) {
                return;
            }
            if (ShellLine.leaves(line)) {
                return;
            }
            ShellLine.run(operations, line, out, out);
        }
    }

    static String greeting(List<WorkflowDescription> workflows, String where) {
        String names = workflows.isEmpty() ? "no workflows yet"
                : workflows.size() + (workflows.size() == 1 ? " workflow: " : " workflows: ")
                        + workflows.stream().map(WorkflowDescription::name).collect(Collectors.joining(", "));
        return "Kaizen shell" + where + ": " + names + ". 'help' lists commands, Tab completes, 'quit' leaves.";
    }

    private static void saveHistory(LineReader reader) {
        try {
            reader.getHistory().save();
        }
        catch (IOException e) {
            // History is a convenience; a read-only home directory must not fail the session.
        }
    }
}
