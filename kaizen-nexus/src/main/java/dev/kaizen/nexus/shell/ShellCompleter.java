package dev.kaizen.nexus.shell;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import dev.kaizen.core.Field;

/**
 * Tab completion for the interactive shell: command names, workflow names after {@code run} and
 * {@code describe}, and after {@code run <name>} the workflow's input options not given yet, the
 * shell's own options, and {@code json}/{@code text} after {@code --format}. The workflows come
 * from the shell's backend, this process's Nexus or a remote one; when a remote one cannot be
 * reached, nothing is offered.
 */
final class ShellCompleter implements Completer {

    private static final List<String> FIRST_WORDS = List.of("nexus", "help", "quit", "exit");

    private static final List<String> RUN_OPTIONS = List.of("--" + ShellOperations.SESSION_OPTION,
            "--" + ShellOperations.FORMAT_OPTION, "--" + ShellOperations.ASYNC_OPTION, "--help");

    /** How long one answer about the workflows serves the Tabs that follow (a remote one costs requests). */
    private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Supplier<List<WorkflowDescription>> workflows;

    private List<WorkflowDescription> known = List.of();

    private long knownAt;

    /** @param workflows the workflows served now, asked for at a Tab at most every two seconds */
    ShellCompleter(Supplier<List<WorkflowDescription>> workflows) {
        this.workflows = workflows;
        this.knownAt = System.nanoTime() - FRESH_NANOS;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> before = line.words().subList(0, line.wordIndex());
        List<String> command = !before.isEmpty() && before.getFirst().equals("nexus") ? before.subList(1, before.size())
                : before;
        words(before, command).map(Candidate::new).forEach(candidates::add);
    }

    private Stream<String> words(List<String> before, List<String> command) {
        if (command.isEmpty()) {
            return before.isEmpty() ? Stream.concat(FIRST_WORDS.stream(), ShellLine.COMMANDS.stream())
                    : ShellLine.COMMANDS.stream();
        }
        return switch (command.getFirst()) {
            case "run" -> command.size() == 1 ? names() : runOptions(command.get(1), command.subList(2, command.size()));
            case "describe" -> command.size() == 1 ? names() : Stream.empty();
            case "runs" -> command.size() == 1 ? Stream.of("get", "watch", "cancel") : Stream.empty();
            case "help" -> command.size() == 1 ? Stream.of("run") : command.size() == 2 ? names() : Stream.empty();
            default -> Stream.empty();
        };
    }

    private Stream<String> names() {
        return served().stream().map(WorkflowDescription::name);
    }

    private Stream<String> runOptions(String name, List<String> given) {
        if (!given.isEmpty() && given.getLast().equals("--" + ShellOperations.FORMAT_OPTION)) {
            return Stream.of("json", "text");
        }
        Set<String> used = given.stream().filter(word -> word.startsWith("--")).collect(Collectors.toSet());
        Stream<String> fields = served().stream().filter(workflow -> workflow.name().equals(name)).findFirst()
                .map(workflow -> workflow.signature().inputs().stream().map(Field::name).map(field -> "--" + field))
                .orElseGet(Stream::empty);
        return Stream.concat(fields, RUN_OPTIONS.stream()).filter(option -> !used.contains(option));
    }

    /** JLine completes on its reader's thread, one Tab at a time; synchronized all the same. */
    private synchronized List<WorkflowDescription> served() {
        if (System.nanoTime() - knownAt < FRESH_NANOS) {
            return known;
        }
        try {
            known = workflows.get();
        }
        catch (ShellFailure unreachable) {
            known = List.of(); // a remote Nexus that is down: no candidates, and the line stays as typed
        }
        knownAt = System.nanoTime();
        return known;
    }
}
