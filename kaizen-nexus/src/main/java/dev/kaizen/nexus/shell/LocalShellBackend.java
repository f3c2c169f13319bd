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
            Deployment deployment = served.apply(name);
            if (deployment == null) {
                throw CallFailure.of(FailureKind.NOT_FOUND,
                        "no workflow named '" + name + "' is deployed on the shell; 'nexus list' shows them");
            }
            return context.execute(deployment, inputs, sessionId, Caller.local(), listener).result().outputs();
        }
        catch (CallFailure failure) {
            throw ShellFailure.of(failure);
        }
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
