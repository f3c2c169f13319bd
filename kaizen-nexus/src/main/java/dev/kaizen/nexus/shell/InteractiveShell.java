package dev.kaizen.nexus.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.DefaultCommandParser;
import org.springframework.shell.jline.CommandCompleter;
import org.springframework.shell.jline.ExtendedDefaultParser;
import org.springframework.shell.jline.JLineInputProvider;
import org.springframework.shell.jline.JLineShellRunner;

/**
 * The interactive shell: Spring Shell's JLine runner over the shell channel's commands, with line
 * editing, tab completion of command names and options, and history in
 * {@code ~/.kaizen_history}. Returns when the user types {@code quit} or {@code exit}, or presses
 * Ctrl-D.
 */
public final class InteractiveShell {

    private InteractiveShell() {
    }

    /**
     * Runs the shell on the process's terminal until the user leaves it; when standard input is
     * a file or a pipe, runs its commands one a line instead ({@link ScriptedShell}).
     *
     * @param channel the shell channel whose commands to offer
     * @return the exit code: 0, or for commands from a file or pipe the last failure's
     * @throws Exception if the terminal cannot be opened
     */
    public static int run(ShellChannel channel) throws Exception {
        if (!StandardInput.isTerminal()) {
            // A file or a pipe of commands: no line editing (see ScriptedShell).
            return ScriptedShell.run(channel.operations(), new BufferedReader(new InputStreamReader(System.in,
                    StandardCharsets.UTF_8)), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        }
        CommandRegistry registry = channel.commandRegistry();
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            // Ctrl-C while a command runs cancels that run and brings the prompt back; at the
            // prompt the line reader handles it. Without this handler the JVM would exit.
            terminal.handle(Terminal.Signal.INT, signal -> ForegroundRun.cancel());
            ExtendedDefaultParser parser = new ExtendedDefaultParser();
            parser.setEofOnUnclosedQuote(true);
            parser.setEofOnEscapedNewLine(true);
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("kaizen")
                    .completer(new CommandCompleter(registry)).parser(parser)
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".kaizen_history"))
                    .build();
            JLineInputProvider input = new JLineInputProvider(reader);
            input.setPromptProvider(() -> new AttributedString("kaizen:> ",
                    AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN)));
            terminal.writer().println("Kaizen shell: 'help' lists commands, 'nexus list' the workflows, 'quit' leaves.");
            new JLineShellRunner(input, new DefaultCommandParser(registry), registry).run(new String[0]);
            saveHistory(reader);
        }
        return ShellFailure.OK;
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
