package dev.kaizen.nexus.shell;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.admin.NexusAdmin;
import dev.kaizen.nexus.admin.WorkflowView;
import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.channel.ChannelContext;
import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.channel.RunListener;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.execution.FailureClassifier;
import dev.kaizen.nexus.rest.RestChannel;
import dev.kaizen.nexus.runs.RunRecord;
import dev.kaizen.nexus.metrics.PerformanceSummary;

/**
 * Runs shell commands in this process: workflows through the shared execution path, everything
 * else through the admin service REST uses too.
 */
final class LocalShellBackend implements ShellBackend {

    private final Function<String, @Nullable Deployment> served;

    private final ChannelContext context;

    private final NexusAdmin admin;

    LocalShellBackend(Function<String, @Nullable Deployment> served, ChannelContext context) {
        this.served = served;
        this.context = context;
        this.admin = context.admin();
    }

    @Override
    public PerformanceSummary performance() {
        return admin.metrics();
    }

    @Override
    public Map<String, Object> performanceReport() {
        return admin.report().toMap();
    }

    @Override
    public List<WorkflowDescription> list() {
        return admin.workflows(Caller.local()).stream().map(LocalShellBackend::describe).toList();
    }

    @Override
    public Optional<WorkflowDescription> describe(String name) {
        return admin.workflow(name, Caller.local()).map(LocalShellBackend::describe);
    }

    @Override
    public Map<String, Object> run(String name, Map<String, Object> inputs, @Nullable String sessionId,
            RunListener listener) {
        try {
            return context.execute(deployed(name), inputs, sessionId, Caller.local(), listener).result().outputs();
        }
        catch (CallFailure failure) {
            throw ShellFailure.of(failure);
        }
    }

    @Override
    public Map<String, Object> submit(String name, Map<String, Object> inputs, @Nullable String sessionId) {
        try {
            Deployment deployment = deployed(name);
            RunRecord run = context.runs().submit(deployment, inputs, sessionId, Caller.local(), context.channelId(),
                    System.nanoTime(), RestChannel.runDocuments(), null);
            return RestChannel.runView(run);
        }
        catch (CallFailure failure) {
            throw ShellFailure.of(failure);
        }
        catch (RuntimeException invalid) {
            throw ShellFailure.of(FailureClassifier.classify(invalid, "nexus run " + name + " --async"));
        }
    }

    @Override
    public Optional<Map<String, Object>> runInfo(String runId) {
        return context.runs().find(runId, Caller.local()).map(RestChannel::runView);
    }

    @Override
    public Optional<Map<String, Object>> cancelRun(String runId) {
        return context.runs().cancel(runId, Caller.local()).map(RestChannel::runView);
    }

    @Override
    public Map<String, Object> watch(String runId, RunListener listener) {
        if (context.runs().find(runId, Caller.local()).isEmpty()) {
            throw ShellFailure.notFound("no run with id '" + runId + "'");
        }
        try {
            context.runs().follow(runId, event -> {
                switch (event.name()) {
                    case "progress" -> listener.progress(String.valueOf(event.data().get("message")),
                            event.data().get("fraction") instanceof Number fraction ? fraction.doubleValue() : null);
                    case "token" -> listener.token(String.valueOf(event.data().get("text")));
                    default -> {
                        // started, result, error: the run's end is read from the store below
                    }
                }
                return true;
            });
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ShellFailure.of(FailureKind.CANCELLED, "stopped watching run " + runId);
        }
        RunRecord ended = context.runs().find(runId, Caller.local())
                .orElseThrow(() -> ShellFailure.notFound("run '" + runId + "' is no longer kept"));
        if (ended.outputs() == null) {
            throw ShellFailure.ofProblem(ended.problem() == null ? Map.of() : ended.problem());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> outputs = (Map<String, Object>) ended.outputs().get("outputs");
        return outputs;
    }

    private Deployment deployed(String name) {
        Deployment deployment = served.apply(name);
        if (deployment == null) {
            throw CallFailure.of(FailureKind.NOT_FOUND,
                    "no workflow named '" + name + "' is deployed on the shell; 'nexus list' shows them");
        }
        return deployment;
    }

    @Override
    public Map<String, Object> sessions() {
        try {
            return admin.sessions(Caller.local());
        }
        catch (CallFailure failure) {
            throw ShellFailure.of(failure);
        }
    }

    @Override
    public Optional<Map<String, Object>> session(String sessionId) {
        try {
            return Optional.of(admin.session(sessionId, context.channelId(), Caller.local()));
        }
        catch (CallFailure failure) {
            throw ShellFailure.of(failure);
        }
    }

    private static WorkflowDescription describe(WorkflowView view) {
        return new WorkflowDescription(view.name(), view.description(), view.channels(), view.signature());
    }
}
