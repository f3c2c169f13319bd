package dev.kaizen.nexus.shell;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kaizen.core.InvalidInputException;
import dev.kaizen.core.KaizenException;
import dev.kaizen.core.RunContext;
import dev.kaizen.nexus.deploy.Deployment;

/** Runs shell commands on the deployments this process serves on the shell channel. */
final class LocalShellBackend implements ShellBackend {

    private static final Logger log = LoggerFactory.getLogger(LocalShellBackend.class);

    private final Function<String, @Nullable Deployment> lookup;

    private final Supplier<List<Deployment>> all;

    LocalShellBackend(Function<String, @Nullable Deployment> lookup, Supplier<List<Deployment>> all) {
        this.lookup = lookup;
        this.all = all;
    }

    @Override
    public List<WorkflowDescription> list() {
        return all.get().stream().map(LocalShellBackend::describe).toList();
    }

    @Override
    public Optional<WorkflowDescription> describe(String name) {
        return Optional.ofNullable(lookup.apply(name)).map(LocalShellBackend::describe);
    }

    @Override
    public Map<String, Object> run(String name, Map<String, Object> inputs, @Nullable String sessionId) {
        Deployment deployment = lookup.apply(name);
        if (deployment == null) {
            throw ShellFailure.unknownWorkflow("no workflow named '" + name + "' is deployed; 'nexus list' shows them");
        }
        try {
            return deployment.workflow().execute(inputs, RunContext.builder().sessionId(sessionId).build()).outputs();
        }
        catch (InvalidInputException e) {
            throw ShellFailure.invalidInput(e.getMessage());
        }
        catch (IllegalArgumentException e) {
            // RunContext rejects a malformed session id.
            throw ShellFailure.invalidInput("--session: " + e.getMessage());
        }
        catch (KaizenException e) {
            log.debug("shell run of '{}' failed", name, e);
            throw ShellFailure.failed(e.getMessage());
        }
    }

    private static WorkflowDescription describe(Deployment deployment) {
        return new WorkflowDescription(deployment.name(), deployment.workflow().description(),
                deployment.channels().stream().map(type -> type.name().toLowerCase(Locale.ROOT)).toList(),
                deployment.workflow().signature());
    }
}
