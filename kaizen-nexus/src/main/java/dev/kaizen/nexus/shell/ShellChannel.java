package dev.kaizen.nexus.shell;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.Help;

import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.channel.Channel;
import dev.kaizen.nexus.channel.ChannelContext;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.deploy.Deployment;

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

    private volatile @Nullable ShellOperations operations;

    /**
     * @param nexus a Nexus
     * @return its shell channel
     * @throws IllegalStateException if it has none
     */
    public static ShellChannel of(Nexus nexus) {
        return nexus.channel(ShellChannel.class).orElseThrow(() -> new IllegalStateException(
                "this Nexus has no shell channel; its channels are " + nexus.channelIds()));
    }

    @Override
    public ChannelId id() {
        return ChannelId.CLI;
    }

    @Override
    public synchronized void attach(ChannelContext context) {
        Objects.requireNonNull(context, "context");
        ShellOperations attached = new ShellOperations(new LocalShellBackend(served::get, context), context.json());
        registry.registerCommand(ShellCommands.list(attached));
        registry.registerCommand(ShellCommands.describe(attached));
        registry.registerCommand(ShellCommands.sessions(attached));
        registry.registerCommand(ShellCommands.session(attached));
        registry.registerCommand(ShellCommands.perf(attached));
        ShellCommands.runs(attached).forEach(registry::registerCommand);
        registry.registerCommand(new Help());
        this.operations = attached;
    }

    @Override
    public String address(Deployment deployment) {
        return "nexus run " + deployment.name();
    }

    @Override
    public void expose(Deployment deployment) {
        ShellOperations attached = operations();
        served.put(deployment.name(), deployment);
        commands.computeIfAbsent(deployment.name(), name -> {
            WorkflowCommand command = new WorkflowCommand(name, served::get, attached);
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
     * @throws IllegalStateException if this channel belongs to no Nexus yet
     */
    public ShellOperations operations() {
        ShellOperations attached = operations;
        if (attached == null) {
            throw new IllegalStateException("the shell channel is not attached to a Nexus");
        }
        return attached;
    }

    /**
     * @param name a deployment name
     * @return the deployment served under that name, or {@code null}
     */
    public @Nullable Deployment lookup(String name) {
        return served.get(name);
    }
}
