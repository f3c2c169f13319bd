package dev.kaizen.nexus.rest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.ChannelType;
import dev.kaizen.nexus.deploy.Channel;
import dev.kaizen.nexus.deploy.Deployment;

/**
 * The REST channel's view of what it serves. Routing reads it on every request
 * ({@link RestRouter}); exposing a deployment is one map write, so a redeploy swaps a name's
 * workflow atomically and a request in flight keeps the deployment it looked up.
 */
public final class RestChannel implements Channel {

    private final Map<String, Deployment> served = new ConcurrentHashMap<>();

    @Override
    public ChannelType type() {
        return ChannelType.API;
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
}
