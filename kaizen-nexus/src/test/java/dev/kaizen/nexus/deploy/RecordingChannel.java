package dev.kaizen.nexus.deploy;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.kaizen.nexus.channel.Channel;
import dev.kaizen.nexus.channel.ChannelId;

/**
 * A channel for tests: records what is exposed on it, and serves nothing. Its addresses look like
 * the built-in channel of the same id's.
 */
public class RecordingChannel implements Channel {

    private final ChannelId id;

    /** What is exposed now, by name; tests read it directly. */
    final Map<String, Deployment> served = new ConcurrentHashMap<>();

    /**
     * @param id the channel this records for
     */
    public RecordingChannel(ChannelId id) {
        this.id = id;
    }

    @Override
    public ChannelId id() {
        return id;
    }

    @Override
    public String address(Deployment deployment) {
        return switch (id.value()) {
            case "api" -> deployment.restPathPrefix() + "/" + deployment.name() + "/execute";
            case "cli" -> "nexus run " + deployment.name();
            case "mcp" -> deployment.name();
            default -> id + ":" + deployment.name();
        };
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
