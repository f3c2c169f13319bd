package dev.kaizen.nexus.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.Help;

import dev.kaizen.nexus.ChannelType;
import dev.kaizen.nexus.deploy.Channel;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.execution.WorkflowExecutor;
import dev.kaizen.nexus.metrics.PerformanceTargets;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shell channel: each deployment is a command {@code nexus run {name}} whose options come
 * from its signature, beside {@code nexus list}, {@code nexus describe {name}} and {@code help}.
 *
 * <h2>Concurrency</h2>
 * Spring Shell's default command registry is a plain {@code HashSet}; this one is backed by a
 * concurrent set, so commands can come and go while the shell reads them. A name's command is
 * registered once, on its first deploy, and reads the current deployment on every use.
 */
public final class ShellChannel implements Channel {

    /** The group Kaizen's commands are listed under in {@code help}. */
    static final String GROUP = "Kaizen Nexus";

    private final Map<String, Deployment> served = new ConcurrentHashMap<>();

    private final Map<String, WorkflowCommand> commands = new ConcurrentHashMap<>();

    private final CommandRegistry registry = new CommandRegistry(ConcurrentHashMap.newKeySet());

    private final ShellOperations operations;

    /**
     * @param json renders outputs as JSON
     * @param executor runs workflows, sessions included
     * @param targets what {@code nexus perf --report} judges against
     */
    public ShellChannel(JsonMapper json, WorkflowExecutor executor, Supplier<PerformanceTargets> targets) {
        this.operations = new ShellOperations(new LocalShellBackend(served::get, this::deployments, executor, targets),
                json);
        registry.registerCommand(ShellCommands.list(operations));
        registry.registerCommand(ShellCommands.describe(operations));
        registry.registerCommand(ShellCommands.sessions(operations));
        registry.registerCommand(ShellCommands.session(operations));
        registry.registerCommand(ShellCommands.perf(operations));
        registry.registerCommand(new Help());
    }

    @Override
    public ChannelType type() {
        return ChannelType.CLI;
    }

    @Override
    public void expose(Deployment deployment) {
        served.put(deployment.name(), deployment);
        commands.computeIfAbsent(deployment.name(), name -> {
            WorkflowCommand command = new WorkflowCommand(name, served::get, operations);
            registry.registerCommand(command);
            return command;
        });
    }

    @Override
    public void withdraw(String name) {
        if (served.remove(name) != null) {
            WorkflowCommand command = commands.remove(name);
            if (command != null) {
                registry.unregisterCommand(command);
            }
        }
    }

    /**
     * @return the commands, for Spring Shell's runners and test client
     */
    public CommandRegistry commandRegistry() {
        return registry;
    }

    /**
     * @return what the commands do, for a one-shot command line
     */
    public ShellOperations operations() {
        return operations;
    }

    /**
     * @param name a deployment name
     * @return the deployment served under that name, or {@code null}
     */
    public @Nullable Deployment lookup(String name) {
        return served.get(name);
    }

    private List<Deployment> deployments() {
        List<Deployment> all = new ArrayList<>(served.values());
        all.sort(Comparator.comparing(Deployment::name));
        return all;
    }
}
