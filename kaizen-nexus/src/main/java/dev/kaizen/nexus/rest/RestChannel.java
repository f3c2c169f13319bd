package dev.kaizen.nexus.rest;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.channel.Channel;
import dev.kaizen.nexus.channel.ChannelContext;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.deploy.Deployment;

/**
 * The REST channel: each deployment is {@code POST {prefix}/{name}/execute}. Routing reads it on
 * every request ({@link RestRouter}); exposing a deployment is one map write, so a redeploy swaps
 * a name's workflow atomically and a request in flight keeps the deployment it looked up.
 */
public final class RestChannel implements Channel {

    private final Map<String, Deployment> served = new ConcurrentHashMap<>();

    private volatile @Nullable ChannelContext context;

    @Override
    public ChannelId id() {
        return ChannelId.API;
    }

    @Override
    public void attach(ChannelContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public String address(Deployment deployment) {
        return deployment.restPathPrefix() + "/" + deployment.name() + "/execute";
    }

    @Override
    public void expose(Deployment deployment) {
        served.put(deployment.name(), deployment);
    }

    @Override
    public void withdraw(String name) {
        served.remove(name);
    }

    /**
     * @param name a deployment name
     * @return the deployment served under that name, or {@code null}
     */
    public @Nullable Deployment lookup(String name) {
        return served.get(name);
    }

    /**
     * @return the context of the Nexus this channel belongs to
     * @throws IllegalStateException if it belongs to none yet
     */
    ChannelContext context() {
        ChannelContext attached = context;
        if (attached == null) {
            throw new IllegalStateException("the REST channel is not attached to a Nexus");
        }
        return attached;
    }

    /**
     * @param path a request path
     * @return whether it lies under the prefix of some served deployment
     */
    boolean servesUnder(String path) {
        for (Deployment deployment : served.values()) {
            if (path.startsWith(deployment.restPathPrefix() + "/")) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param prefix a path prefix
     * @return whether some served deployment uses it
     */
    boolean servesPrefix(String prefix) {
        for (Deployment deployment : served.values()) {
            if (deployment.restPathPrefix().equals(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return how runs that answer at once write their end over REST (the plain answer's JSON, or
     *     the problem document): for other channels that accept such runs, so that every channel's
     *     runs read the same
     */
    public static dev.kaizen.nexus.runs.AsyncRuns.Documents runDocuments() {
        return RunHandlers.DOCUMENTS;
    }

    /**
     * @param run a run that answers at once
     * @return it as {@code GET /api/runs/{id}} answers, links included
     */
    public static Map<String, Object> runView(dev.kaizen.nexus.runs.RunRecord run) {
        return RunHandlers.withLinks(run);
    }
}
