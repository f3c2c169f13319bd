package dev.kaizen.nexus.deploy;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.kaizen.nexus.ChannelType;

/** A channel for tests: records what is exposed on it, and serves nothing. */
public class RecordingChannel implements Channel {

    private final ChannelType type;

    /** What is exposed now, by name; tests read it directly. */
    final Map<String, Deployment> served = new ConcurrentHashMap<>();

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
        served.put(deployment.name(), deployment);
    }

    @Override
    public void withdraw(String name) {
        served.remove(name);
    }

    /**
     * @return the names recorded now
     */
    public Set<String> names() {
        return Set.copyOf(served.keySet());
    }
}
