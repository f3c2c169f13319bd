package dev.kaizen.nexus.deploy;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.kaizen.nexus.ChannelType;

/**
 * A channel that records what is deployed on it without serving it yet: the stand-in for a
 * channel whose transport is not on the class path or not enabled.
 */
public final class RecordingChannel implements Channel {

    private final ChannelType type;

    private final Map<String, Deployment> exposed = new ConcurrentHashMap<>();

    /**
     * @param type the channel this records for
     */
    public RecordingChannel(ChannelType type) {
        this.type = type;
    }

    @Override
    public ChannelType type() {
        return type;
    }

    @Override
    public void expose(Deployment deployment) {
        exposed.put(deployment.name(), deployment);
    }

    @Override
    public void withdraw(String name) {
        exposed.remove(name);
    }

    /**
     * @return the names recorded now
     */
    public Set<String> names() {
        return Set.copyOf(exposed.keySet());
    }
}
