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
        String command = line.strip();
        if (command.isEmpty() || command.startsWith("#")) {
            return ShellFailure.OK;
        }
        List<String> words;
        try {
            words = new ArrayList<>(CommandLineWords.split(command));
        }
        catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ShellFailure.USAGE;
        }
        if (words.getFirst().equals("help")) {
            words.removeFirst();
            words.remove("nexus");
            // "help run qa" is "nexus run qa --help"; "help" alone lists every command.
            words = words.size() == 2 && words.getFirst().equals("run") ? List.of("nexus", "run", words.get(1), "--help")
                    : List.of("nexus", "help");
        }
        else if (COMMANDS.contains(words.getFirst())) {
            words.addFirst("nexus");
        }
        return OneShotCommand.run(operations, words, out, err);
    }
}
