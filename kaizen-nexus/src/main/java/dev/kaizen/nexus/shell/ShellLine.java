package dev.kaizen.nexus.shell;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One line typed into the shell, interactive or scripted: split as a POSIX shell splits words
 * ({@link CommandLineWords}), then run as the one-shot command it names. {@code nexus} may be
 * left out ({@code run text-stats --text hi}); {@code help} lists the commands and
 * {@code help run <name>} gives one workflow's usage.
 */
final class ShellLine {

    /** The words after {@code nexus} that name a command, offered without it too. */
    static final List<String> COMMANDS = List.of("run", "runs", "list", "describe", "sessions", "session", "perf");

    private static final Set<String> LEAVE = Set.of("quit", "exit");

    /** What {@code help} prints. */
    static final String HELP = """
            commands ('nexus' may be left out):
              nexus list                      the workflows, with their descriptions and channels
              nexus describe <name>           a workflow's inputs and outputs, and its usage
              nexus run <name> --<field> <value> ... [--session ID] [--format json|text] [--async]
                                              run a workflow; help run <name> gives its options
              nexus runs get|watch|cancel <run id>   a run started with --async
              nexus sessions | nexus session <id>    live sessions, or one session's state
              nexus perf [--report [file]]    the timings, or the SLA report as JSON
              quit | exit                     leave (or Ctrl-D); Ctrl-C cancels a running command
            values are quoted as in bash: 'two words', "say \\"hi\\"", two\\ words; Tab completes
            """;

    private ShellLine() {
    }

    /** @return whether the line asks to leave the shell */
    static boolean leaves(String line) {
        return LEAVE.contains(line.strip());
    }

    /**
     * Runs a line; a blank line or a {@code #} comment does nothing.
     *
     * @return the command's exit code (2 for a line that cannot be split)
     */
    static int run(ShellOperations operations, String line, PrintWriter out, PrintWriter err) {
        if (line.isBlank() || line.stripLeading().startsWith("#")) {
            return ShellFailure.OK;
        }
        List<String> words;
        try {
            // Not stripped first: a trailing "\ " is an escaped blank, as in bash.
            words = new ArrayList<>(CommandLineWords.split(line));
        }
        catch (IllegalArgumentException e) {
            return fail(e.getMessage(), err);
        }
        String first = words.getFirst();
        if (first.equals("help")) {
            words.removeFirst();
            words.remove("nexus");
            if (words.isEmpty()) {
                out.print(HELP);
                out.flush();
                return ShellFailure.OK;
            }
            if (words.size() != 2 || !words.getFirst().equals("run")) {
                return fail("help takes nothing, or run <name>: help run text-stats", err);
            }
            // "help run qa" is "nexus run qa --help".
            words = List.of("nexus", "run", words.get(1), "--help");
        }
        else if (COMMANDS.contains(first)) {
            words.addFirst("nexus");
        }
        else if (!first.equals("nexus")) {
            return fail("unknown command '" + first + "'; 'help' lists the commands", err);
        }
        try {
            return OneShotCommand.run(operations, words, out, err);
        }
        catch (RuntimeException unexpected) {
            // One line, and the shell goes on: a line must never end the session with a stack trace.
            return fail(unexpected.getMessage() == null ? unexpected.getClass().getSimpleName()
                    : unexpected.getMessage(), err);
        }
    }

    private static int fail(String message, PrintWriter err) {
        err.println("error: " + message);
        err.flush();
        return ShellFailure.USAGE;
    }
}
