package dev.kaizen.nexus.shell;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs one shell command given as program arguments, already split by the user's own shell:
 * {@code nexus run qa --question "hi there"}, {@code nexus list}, {@code nexus describe qa}.
 * Values are never re-joined and re-split, so spaces and quotes inside them survive.
 */
public final class OneShotCommand {

    private static final String USAGE = "usage: nexus run <name> [--<field> <value> ...] [--session ID] "
            + "[--format json|text] [--async] | nexus runs get|watch|cancel <run id> | nexus list "
            + "| nexus describe <name> | nexus sessions | nexus session <id> | nexus perf [--report [file]]";

    private static final Pattern OPTION = Pattern.compile("--[\\p{Alnum}][\\p{Alnum}_.-]*(=.*)?", Pattern.DOTALL);

    private OneShotCommand() {
    }

    /**
     * @param operations what the commands do
     * @param words the command, starting with {@code nexus}
     * @param out where results go
     * @param err where error lines go
     * @return the process exit code: 0 success, 2 invalid input or unknown workflow, 1 failure
     */
    public static int run(ShellOperations operations, List<String> words, PrintWriter out, PrintWriter err) {
        try {
            if (words.size() < 2 || !words.getFirst().equals("nexus")) {
                return fail("name a command\n" + USAGE, err);
            }
            if (words.get(1).equals("--help") || words.get(1).equals("help")) {
                out.println(USAGE);
                return ShellFailure.OK;
            }
            return switch (words.get(1)) {
                case "list" -> words.size() == 2 ? operations.list(out, err) : unexpected(words.subList(2, 3), err);
                case "describe" -> words.size() == 3 ? operations.describe(words.get(2), out, err)
                        : fail("name one workflow: nexus describe <name>", err);
                case "sessions" -> words.size() == 2 ? operations.sessions(out, err) : unexpected(words.subList(2, 3), err);
                case "perf" -> perf(operations, words.subList(2, words.size()), out, err);
                case "session" -> words.size() == 3 ? operations.session(words.get(2), out, err)
                        : fail("name one session: nexus session <id>", err);
                case "runs" -> runs(operations, words.subList(2, words.size()), out, err);
                case "run" -> words.size() >= 3 ? run(operations, words.get(2), words.subList(3, words.size()), out, err)
                        : fail("name the workflow to run: nexus run <name> --<field> <value> ...", err);
                default -> fail("unknown command 'nexus " + words.get(1) + "'\n" + USAGE, err);
            };
        }
        finally {
            out.flush();
            err.flush();
        }
    }

    private static int run(ShellOperations operations, String name, List<String> rest, PrintWriter out,
            PrintWriter err) {
        if (rest.equals(List.of("--help"))) {
            String usage = operations.usage(name).orElse(null);
            if (usage == null) {
                return fail("no workflow named '" + name + "' is deployed; 'nexus list' shows them", err);
            }
            out.println(usage);
            return ShellFailure.OK;
        }
        List<ShellOption> options = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            String word = rest.get(i);
            if (!isOption(word)) {
                return unexpected(List.of(word), err);
            }
            String option = word.substring(2);
            int equals = option.indexOf('=');
            if (equals > 0) {
                options.add(new ShellOption(option.substring(0, equals), option.substring(equals + 1)));
            }
            else if (i + 1 < rest.size() && !isOption(rest.get(i + 1))) {
                options.add(new ShellOption(option, rest.get(++i)));
            }
            else {
                options.add(new ShellOption(option, null));
            }
        }
        return operations.run(name, options, out, err);
    }

    /**
     * Whether a word names an option: {@code --name} or {@code --name=value}, the name a letter or
     * digit then letters, digits, {@code -}, {@code _} or {@code .}. Any other word is a value,
     * so {@code --text "-- a dash"} works; a value that looks like an option goes after
     * {@code =}: {@code --text=--verbose}.
     *
     * @param word one word of a command line
     * @return whether it is an option rather than a value
     */
    public static boolean isOption(String word) {
        return OPTION.matcher(word).matches();
    }

    private static int runs(ShellOperations operations, List<String> rest, PrintWriter out, PrintWriter err) {
        boolean text = rest.size() == 4 && rest.get(2).equals("--" + ShellOperations.FORMAT_OPTION)
                && rest.get(3).equals("text");
        boolean json = rest.size() == 4 && rest.get(2).equals("--" + ShellOperations.FORMAT_OPTION)
                && rest.get(3).equals("json");
        if (rest.size() != 2 && !text && !json) {
            return fail(ShellOperations.RUNS_USAGE.substring("usage: ".length()), err);
        }
        return operations.runs(rest.get(0), rest.get(1), text, out, err);
    }

    private static int perf(ShellOperations operations, List<String> rest, PrintWriter out, PrintWriter err) {
        if (rest.isEmpty()) {
            return operations.perf(false, null, out, err);
        }
        if (!rest.getFirst().equals("--report") || rest.size() > 2) {
            return fail("usage: nexus perf [--report [file]]", err);
        }
        return operations.perf(true, rest.size() == 2 ? rest.get(1) : null, out, err);
    }

    private static int unexpected(List<String> words, PrintWriter err) {
        return fail("unexpected argument '" + words.getFirst() + "': options are written --name value", err);
    }

    private static int fail(String message, PrintWriter err) {
        err.println("error: " + message);
        return ShellFailure.USAGE;
    }
}
