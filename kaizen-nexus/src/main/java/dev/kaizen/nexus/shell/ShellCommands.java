package dev.kaizen.nexus.shell;

import java.util.List;

import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.ExitStatus;

/** The shell's fixed commands, {@code nexus list} and {@code nexus describe {name}}, and exit statuses. */
final class ShellCommands {

    private ShellCommands() {
    }

    static Command list(ShellOperations operations) {
        return Command.builder().name("nexus list").group(ShellChannel.GROUP)
                .description("List deployed workflows with their descriptions and channels")
                .execute(context -> {
                    operations.list(context.outputWriter(), context.outputWriter());
                });
    }

    static Command describe(ShellOperations operations) {
        return Command.builder().name("nexus describe").group(ShellChannel.GROUP)
                .description("Describe a workflow's inputs and outputs: nexus describe <name>")
                .execute(context -> {
                    List<CommandArgument> arguments = context.parsedInput().arguments();
                    if (arguments.size() != 1) {
                        context.outputWriter().println("error: name one workflow: nexus describe <name>");
                        context.outputWriter().flush();
                        return;
                    }
                    operations.describe(arguments.getFirst().value(), context.outputWriter(), context.outputWriter());
                });
    }

    static Command sessions(ShellOperations operations) {
        return Command.builder().name("nexus sessions").group(ShellChannel.GROUP)
                .description("Show session metrics and the ids of live sessions")
                .execute(context -> {
                    operations.sessions(context.outputWriter(), context.outputWriter());
                });
    }

    static Command session(ShellOperations operations) {
        return Command.builder().name("nexus session").group(ShellChannel.GROUP)
                .description("Show one session's channels and state: nexus session <id>")
                .execute(context -> {
                    List<CommandArgument> arguments = context.parsedInput().arguments();
                    if (arguments.size() != 1) {
                        context.outputWriter().println("error: name one session: nexus session <id>");
                        context.outputWriter().flush();
                        return;
                    }
                    operations.session(arguments.getFirst().value(), context.outputWriter(), context.outputWriter());
                });
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
}
