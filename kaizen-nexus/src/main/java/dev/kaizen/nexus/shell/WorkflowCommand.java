package dev.kaizen.nexus.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.ExitStatus;

import dev.kaizen.core.Field;
import dev.kaizen.core.FieldType;
import dev.kaizen.nexus.deploy.Deployment;

/**
 * {@code nexus run {name}} as a Spring Shell command. Registered once per name; its description
 * and options are read from the current deployment on every use, so a redeploy never leaves a
 * moment without the command or with stale options.
 */
final class WorkflowCommand implements Command {

    private final String deploymentName;

    private final Function<String, @Nullable Deployment> deployments;

    private final ShellOperations operations;

    WorkflowCommand(String deploymentName, Function<String, @Nullable Deployment> deployments,
            ShellOperations operations) {
        this.deploymentName = deploymentName;
        this.deployments = deployments;
        this.operations = operations;
    }

    @Override
    public String getName() {
        return "nexus run " + deploymentName;
    }

    @Override
    public String getDescription() {
        Deployment deployment = deployments.apply(deploymentName);
        return deployment == null ? "(no longer deployed)" : deployment.workflow().description();
    }

    @Override
    public String getGroup() {
        return ShellChannel.GROUP;
    }

    @Override
    public String getHelp() {
        return operations.usage(deploymentName).orElse(getName() + ": no longer deployed");
    }

    @Override
    public List<CommandOption> getOptions() {
        Deployment deployment = deployments.apply(deploymentName);
        List<CommandOption> options = new ArrayList<>();
        if (deployment != null) {
            for (Field field : deployment.workflow().signature().inputs()) {
                CommandOption.Builder option = option(field.name(), field.description(), field.required(),
                        typeOf(field.type()));
                if (field.defaultValue() != null) {
                    option.defaultValue(String.valueOf(field.defaultValue()));
                }
                options.add(option.build());
            }
        }
        options.add(option(ShellOperations.SESSION_OPTION, "Continue the session with this id", false, String.class)
                .build());
        options.add(option(ShellOperations.FORMAT_OPTION, "json or text", false, String.class).defaultValue("json")
                .build());
        options.add(option(ShellOperations.ASYNC_OPTION, "Accept the run and print its id at once; follow it with "
                + "nexus runs watch <id>", false, Boolean.class).build());
        return options;
    }

    @Override
    public ExitStatus execute(CommandContext context) {
        List<ShellOption> options = new ArrayList<>();
        for (CommandOption option : context.parsedInput().options()) {
            String name = option.longName() == null || option.longName().isEmpty() ? String.valueOf(option.shortName())
                    : option.longName();
            options.add(new ShellOption(name, option.value()));
        }
        for (CommandArgument argument : context.parsedInput().arguments()) {
            // A word without an option name: most often an unquoted value with a space in it.
            options.add(new ShellOption("(argument '" + argument.value() + "')", argument.value()));
        }
        int code = operations.run(deploymentName, options, context.outputWriter(), context.outputWriter());
        return ShellCommands.status(code);
    }

    private static CommandOption.Builder option(String name, String description, boolean required, Class<?> type) {
        // required must never be null: Spring Shell's help unboxes it.
        return CommandOption.with().longName(name).description(description).required(required).type(type);
    }

    private static Class<?> typeOf(FieldType type) {
        return switch (type) {
            case STRING, ARRAY, OBJECT -> String.class;
            case INTEGER -> Long.class;
            case NUMBER -> Double.class;
            case BOOLEAN -> Boolean.class;
        };
    }
}
