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
import dev.kaizen.core.RunContext;
import dev.kaizen.core.KaizenException;
import dev.kaizen.nexus.ChannelType;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.execution.WorkflowExecutor;
import dev.kaizen.nexus.metrics.PerformanceSummary;
import dev.kaizen.nexus.metrics.PerformanceTargets;
import dev.kaizen.nexus.session.SessionIds;
import dev.kaizen.nexus.session.SessionNotFoundException;
import dev.kaizen.nexus.session.SessionViews;

/** Runs shell commands on the deployments this process serves on the shell channel. */
final class LocalShellBackend implements ShellBackend {

    private static final Logger log = LoggerFactory.getLogger(LocalShellBackend.class);

    /** How many session ids {@code nexus sessions} lists at most. */
    static final int SESSION_LIST_LIMIT = 100;

    private final Function<String, @Nullable Deployment> lookup;

    private final Supplier<List<Deployment>> all;

    private final WorkflowExecutor executor;

    private final Supplier<PerformanceTargets> targets;

    LocalShellBackend(Function<String, @Nullable Deployment> lookup, Supplier<List<Deployment>> all,
            WorkflowExecutor executor, Supplier<PerformanceTargets> targets) {
        this.lookup = lookup;
        this.all = all;
        this.executor = executor;
        this.targets = targets;
    }

    @Override
    public PerformanceSummary performance() {
        return executor.metrics().summary();
    }

    @Override
    public Map<String, Object> performanceReport() {
        return executor.metrics().evaluate(targets.get()).toMap();
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
            throw ShellFailure.notFound("no workflow named '" + name + "' is deployed; 'nexus list' shows them");
        }
        if (sessionId != null && !SessionIds.isValid(sessionId)) {
            throw ShellFailure.invalidInput("--session: " + RunContext.SESSION_ID_RULE);
        }
        try {
            return executor.execute(deployment, inputs, sessionId, ChannelType.CLI).result().outputs();
        }
        catch (InvalidInputException e) {
            throw ShellFailure.invalidInput(e.getMessage());
        }
        catch (SessionNotFoundException e) {
            throw ShellFailure.notFound(e.getMessage());
        }
        catch (KaizenException e) {
            log.debug("shell run of '{}' failed", name, e);
            throw ShellFailure.failed(e.getMessage());
        }
    }

    @Override
    public Map<String, Object> sessions() {
        return SessionViews.overview(executor.sessions(), SESSION_LIST_LIMIT);
    }

    @Override
    public Optional<Map<String, Object>> session(String sessionId) {
        if (!SessionIds.isValid(sessionId)) {
            return Optional.empty();
        }
        return executor.sessions().touch(sessionId, "cli").map(SessionViews::of);
    }

    private static WorkflowDescription describe(Deployment deployment) {
        return new WorkflowDescription(deployment.name(), deployment.workflow().description(),
                deployment.channels().stream().map(type -> type.name().toLowerCase(Locale.ROOT)).toList(),
                deployment.workflow().signature());
    }
}
