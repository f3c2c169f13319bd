package dev.kaizen.nexus.shell;

import java.io.PrintWriter;
import java.util.List;

import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.ExitStatus;

/**
 * The shell's fixed commands ({@code nexus list}, {@code describe}, {@code sessions},
 * {@code session}, {@code perf}) and exit statuses.
 */
final class ShellCommands {

    /** A command that writes its answer, and any error line, to the shell's one writer. */
    @FunctionalInterface
    private interface Writing {
        void run(PrintWriter out);
    }

    /** A command that takes exactly one argument, such as a workflow name or a session id. */
    @FunctionalInterface
    private interface OneArgument {
        void run(String argument, PrintWriter out);
    }

    private ShellCommands() {
    }

    static Command list(ShellOperations operations) {
        return command("nexus list", "List deployed workflows with their descriptions and channels",
                out -> operations.list(out, out));
    }

    static Command describe(ShellOperations operations) {
        return command("nexus describe", "Describe a workflow's inputs and outputs: nexus describe <name>",
                "name one workflow: nexus describe <name>", (name, out) -> operations.describe(name, out, out));
    }

    static Command sessions(ShellOperations operations) {
        return command("nexus sessions", "Show session metrics and the ids of live sessions",
                out -> operations.sessions(out, out));
    }

    static Command session(ShellOperations operations) {
        return command("nexus session", "Show one session's channels and state: nexus session <id>",
                "name one session: nexus session <id>", (id, out) -> operations.session(id, out, out));
    }

    /** @return {@code nexus runs get|watch|cancel}: one command each, taking the run's id */
    static List<Command> runs(ShellOperations operations) {
        return List.of("get", "watch", "cancel").stream().map(action -> command("nexus runs " + action,
                switch (action) {
                    case "get" -> "Show a run that answers at once: nexus runs get <run id>";
                    case "watch" -> "Follow a run to its end and print its outputs: nexus runs watch <run id>";
                    default -> "Cancel a run: nexus runs cancel <run id>";
                }, "name one run: nexus runs " + action + " <run id>",
                (id, out) -> operations.runs(action, id, false, out, out))).toList();
    }

    static Command perf(ShellOperations operations) {
        return Command.builder().name("nexus perf").group(ShellChannel.GROUP)
                .description("Show the timing summary; --report [file] gives the SLA report as JSON")
                .execute(context -> {
                    CommandOption report = context.getOptionByLongName("report");
                    String file = report == null || report.value() == null || report.value().isBlank()
                            || report.value().equals("true") ? null : report.value();
                    operations.perf(report != null, file, context.outputWriter(), context.outputWriter());
                });
    }

    static ExitStatus status(int code) {
        return switch (code) {
            case ShellFailure.OK -> ExitStatus.OK;
            case ShellFailure.USAGE -> new ExitStatus(code, "invalid input");
            default -> new ExitStatus(code, "failed");
        };
    }

    private static Command command(String name, String description, Writing work) {
        return Command.builder().name(name).group(ShellChannel.GROUP).description(description)
                .execute(context -> {
                    work.run(context.outputWriter());
                });
    }

    private static Command command(String name, String description, String usage, OneArgument work) {
        return Command.builder().name(name).group(ShellChannel.GROUP).description(description)
                .execute(context -> {
                    List<CommandArgument> arguments = context.parsedInput().arguments();
                    PrintWriter out = context.outputWriter();
                    if (arguments.size() != 1) {
                        out.println("error: " + usage);
                        out.flush();
                        return;
                    }
                    work.run(arguments.getFirst().value(), out);
                });
    }
}
