package dev.kaizen.nexus.deploy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kaizen.core.Agent;
import dev.kaizen.nexus.ChannelEndpoints;
import dev.kaizen.nexus.DeployOptions;
import dev.kaizen.nexus.channel.Channel;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.metrics.Outcome;
import dev.kaizen.nexus.metrics.PerformanceMetrics;

/**
 * Which workflow each name serves, and on which channels.
 *
 * <h2>One name, one workflow</h2>
 * A name serves one workflow on every channel it is deployed on. Deploying a name again replaces
 * its workflow everywhere and adds the channels asked for; the channels it already had keep
 * serving it, now with the new workflow.
 *
 * <h2>Atomicity</h2>
 * A deploy exposes the new deployment on each channel in turn and then swaps it into the map. If
 * a channel fails, the channels already done get the previous deployment back (or lose the name,
 * if it is new), and the previous deployment stays current. A request that looked the name up
 * before the swap finishes on the old workflow; one after it runs the new; there is no moment
 * when the name is missing.
 *
 * <h2>Concurrency</h2>
 * Deploys and undeploys of one name are serialised by a lock stripe chosen by the name's hash;
 * different names proceed in parallel. Lookups never lock.
 *
 * <p>Internal: applications deploy through {@link dev.kaizen.nexus.Deployments}.
 */
public final class DeploymentRegistry {

    private static final Logger log = LoggerFactory.getLogger(DeploymentRegistry.class);

    private static final int STRIPES = 64;

    private final Map<String, Deployment> deployments = new ConcurrentHashMap<>();

    /** The channels in the order they were given; deploys expose in this order. */
    private final Map<ChannelId, Channel> channels;

    /** Their ids, in the same order. */
    private final Set<ChannelId> channelIds;

    private final DeploymentCache cache;

    private final String defaultRestPathPrefix;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    private final PerformanceMetrics metrics;

    /**
     * @param channels the Nexus's channels, ids unique
     * @param cache the cache deployments with {@code useCache} go through
     * @param defaultRestPathPrefix the REST prefix of deployments that name none
     * @param metrics records each deployment as {@code deployment}, tagged with whether it was cached
     */
    public DeploymentRegistry(Collection<? extends Channel> channels, DeploymentCache cache,
            String defaultRestPathPrefix, PerformanceMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        Map<ChannelId, Channel> byId = new LinkedHashMap<>();
        for (Channel channel : channels) {
            if (byId.put(channel.id(), channel) != null) {
                throw new IllegalArgumentException("two channels with id '" + channel.id() + "'");
            }
        }
        this.channels = byId;
        this.channelIds = Collections.unmodifiableSet(new LinkedHashSet<>(byId.keySet()));
        this.cache = Objects.requireNonNull(cache, "cache");
        this.defaultRestPathPrefix = DeployOptions.requireValidPathPrefix(defaultRestPathPrefix);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * Deploys an agent under a name on the given channels (added to those the name already has).
     *
     * @param name the deployment name, see {@link DeploymentNames}
     * @param agent the agent
     * @param on the ids of the channels to serve it on; not empty, each one of this registry's
     * @param options cache use and REST prefix
     * @return the deployment now current
     * @throws IllegalArgumentException if the name is invalid, no channel is given or a channel
     *     is not one of this registry's
     * @throws DeploymentException if a channel failed; nothing was changed
     */
    public Deployment deploy(String name, Agent agent, Set<ChannelId> on, DeployOptions options) {
        DeploymentNames.requireValid(name);
        Objects.requireNonNull(agent, "agent must not be null");
        Objects.requireNonNull(options, "options must not be null");
        if (on.isEmpty()) {
            throw new IllegalArgumentException("deploy '" + name + "' on at least one channel");
        }
        for (ChannelId id : on) {
            if (!channels.containsKey(id)) {
                throw new IllegalArgumentException("no channel '" + id + "' on this Nexus; it has " + channelIds());
            }
        }
        long started = System.nanoTime();
        Outcome outcome = Outcome.ERROR;
        Boolean cached = null;
        ReentrantLock lock = stripeOf(name);
        lock.lock();
        try {
            Deployment previous = deployments.get(name);
            Deployment next = build(name, agent, on, previous, options);
            cached = next.fromCache();
            exposeEverywhere(next, previous);
            deployments.put(name, next);
            outcome = Outcome.SUCCESS;
            return next;
        }
        finally {
            lock.unlock();
            metrics.record(PerformanceMetrics.DEPLOYMENT, System.nanoTime() - started, name, null, outcome,
                    cached != null && cached);
        }
    }

    /**
     * Stops serving a name on every channel.
     *
     * @param name the deployment name
     * @return whether the name was deployed
     */
    public boolean undeploy(String name) {
        Objects.requireNonNull(name, "name must not be null");
        ReentrantLock lock = stripeOf(name);
        lock.lock();
        try {
            Deployment removed = deployments.remove(name);
            if (removed == null) {
                return false;
            }
            for (ChannelId id : removed.channels()) {
                withdrawQuietly(channels.get(id), name);
            }
            return true;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * @param name a deployment name
     * @return the current deployment of that name
     */
    public Optional<Deployment> find(String name) {
        return Optional.ofNullable(deployments.get(name));
    }

    /**
     * @return every current deployment, by name
     */
    public List<Deployment> list() {
        List<Deployment> all = new ArrayList<>(deployments.values());
        all.sort(Comparator.comparing(Deployment::name));
        return all;
    }

    /**
     * @return how many names are deployed
     */
    public int size() {
        return deployments.size();
    }

    /**
     * @return the REST path prefix of deployments that name none
     */
    public String defaultRestPathPrefix() {
        return defaultRestPathPrefix;
    }

    /**
     * @return the channels, in the order they were given
     */
    public List<Channel> channels() {
        return List.copyOf(channels.values());
    }

    /**
     * @return the ids of the channels, in the order they were given
     */
    public Set<ChannelId> channelIds() {
        return channelIds;
    }

    /**
     * @return the deployment cache deployments with {@code useCache} go through
     */
    public DeploymentCache cache() {
        return cache;
    }

    private Deployment build(String name, Agent agent, Set<ChannelId> on, @Nullable Deployment previous,
            DeployOptions options) {
        AtomicBoolean hit = new AtomicBoolean(false);
        PreparedWorkflow prepared = options.useCache() ? cache.prepare(agent, hit) : PreparedWorkflow.build(agent);
        Set<ChannelId> serveOn = previous != null && previous.channels().containsAll(on) ? previous.channels()
                : servedOn(on, previous);
        String prefix = options.restPathPrefix() != null ? options.restPathPrefix()
                : previous != null ? previous.restPathPrefix() : defaultRestPathPrefix;
        Deployment draft = new Deployment(name, prepared, serveOn, prefix, hit.get(), Instant.now());
        if (previous != null && previous.channels() == serveOn && previous.restPathPrefix().equals(prefix)) {
            // Same name, channels and prefix: the same addresses (the redeploy the cache makes cheap).
            return draft.withEndpoints(previous.endpoints());
        }
        Map<ChannelId, String> addresses = new LinkedHashMap<>();
        for (ChannelId id : serveOn) {
            addresses.put(id, channels.get(id).address(draft));
        }
        return draft.withEndpoints(new ChannelEndpoints(addresses));
    }

    /** The channels asked for and those the name already has, sorted, unmodifiable. */
    private static Set<ChannelId> servedOn(Set<ChannelId> on, @Nullable Deployment previous) {
        Set<ChannelId> serveOn = new TreeSet<>(on);
        if (previous != null) {
            serveOn.addAll(previous.channels());
        }
        return Collections.unmodifiableSet(serveOn);
    }

    private void exposeEverywhere(Deployment next, @Nullable Deployment previous) {
        List<Channel> done = new ArrayList<>();
        for (Channel channel : channels.values()) {
            if (!next.channels().contains(channel.id())) {
                continue;
            }
            try {
                channel.expose(next);
                done.add(channel);
            }
            catch (RuntimeException failure) {
                rollBack(done, next.name(), previous, failure);
                throw new DeploymentException(next.name(), channel.id(), failure);
            }
        }
    }

    private static void rollBack(List<Channel> done, String name, @Nullable Deployment previous,
            RuntimeException failure) {
        for (Channel channel : done) {
            try {
                if (previous != null && previous.channels().contains(channel.id())) {
                    channel.expose(previous);
                }
                else {
                    channel.withdraw(name);
                }
            }
            catch (RuntimeException rollbackFailure) {
                failure.addSuppressed(rollbackFailure);
                log.error("Rolling back '{}' on {} failed", name, channel.id(), rollbackFailure);
            }
        }
    }

    private static void withdrawQuietly(Channel channel, String name) {
        try {
            channel.withdraw(name);
        }
        catch (RuntimeException e) {
            // The name is gone from the registry either way; a channel that cannot let go is logged.
            log.error("Withdrawing '{}' from {} failed", name, channel.id(), e);
        }
    }

    private ReentrantLock stripeOf(String name) {
        return stripes[Math.floorMod(name.hashCode(), STRIPES)];
    }
}
