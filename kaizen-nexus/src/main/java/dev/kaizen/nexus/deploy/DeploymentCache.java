package dev.kaizen.nexus.deploy;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

import dev.kaizen.core.Agent;

/**
 * Built workflows keyed by fingerprint, so redeploying an agent that was built before skips
 * every expensive step (schemas, channel specs).
 *
 * <h2>Eviction</h2>
 * Bounded by entry count (default {@value #DEFAULT_MAXIMUM_SIZE}) with Caffeine's near-optimal
 * policy (W-TinyLFU, LRU-like for this workload); the maximum can change at run time.
 *
 * <h2>Staleness</h2>
 * Entries never run a stale agent: a hit binds the agent being deployed to the cached parts
 * ({@link dev.kaizen.core.Workflow#withAgent}).
 *
 * <h2>Ownership</h2>
 * Each Nexus has a cache of its own unless the application hands several the same one
 * ({@code Nexus.builder().deploymentCache(cache)}); nothing is shared across the process.
 *
 * <h2>Concurrency</h2>
 * Caffeine's cache is safe for concurrent use; a fingerprint is built at most once at a time.
 */
public final class DeploymentCache {

    /** The maximum number of built workflows a cache holds unless configured otherwise. */
    public static final int DEFAULT_MAXIMUM_SIZE = 1_000;

    private final Cache<String, PreparedWorkflow> cache;

    /** Counters at the last {@link #clear()}; stats are reported since then. */
    private volatile CacheStats baseline = CacheStats.empty();

    /** A cache of {@value #DEFAULT_MAXIMUM_SIZE} entries. */
    public DeploymentCache() {
        this(DEFAULT_MAXIMUM_SIZE);
    }

    /**
     * @param maximumSize the most built workflows to hold; at least 0
     */
    public DeploymentCache(long maximumSize) {
        this(maximumSize, ForkJoinPool.commonPool());
    }

    /**
     * @param maximumSize the most built workflows to hold; at least 0
     * @param executor runs eviction work; {@code Runnable::run} makes it synchronous (tests)
     */
    public DeploymentCache(long maximumSize, Executor executor) {
        this.cache = Caffeine.newBuilder().maximumSize(requireSize(maximumSize)).executor(executor).recordStats()
                .build();
    }

    /**
     * Returns the prepared workflow for an agent, from the cache when its fingerprint is there.
     *
     * @param agent the agent being deployed
     * @param hit set to whether the cache had it
     */
    PreparedWorkflow prepare(Agent agent, AtomicBoolean hit) {
        hit.set(true);
        PreparedWorkflow prepared = cache.get(agent.fingerprint(), fingerprint -> {
            hit.set(false);
            return PreparedWorkflow.build(agent);
        });
        return prepared.runningAgent(agent);
    }

    /** Drops every entry and starts the counters again from zero. */
    public synchronized void clear() {
        cache.invalidateAll();
        cache.cleanUp();
        baseline = cache.stats();
    }

    /**
     * Changes the maximum size; entries over it are evicted.
     *
     * @param maximumSize the most built workflows to hold; at least 0
     */
    public void setMaximumSize(long maximumSize) {
        long size = requireSize(maximumSize);
        cache.policy().eviction().ifPresent(eviction -> eviction.setMaximum(size));
    }

    /**
     * @return the current maximum size
     */
    public long maximumSize() {
        return cache.policy().eviction().orElseThrow().getMaximum();
    }

    /**
     * @return size, hits, misses and evictions now
     */
    public DeploymentCacheStats stats() {
        cache.cleanUp();
        CacheStats stats = cache.stats().minus(baseline);
        return new DeploymentCacheStats(cache.estimatedSize(), stats.hitCount(), stats.missCount(),
                stats.evictionCount());
    }

    private static long requireSize(long maximumSize) {
        if (maximumSize < 0) {
            throw new IllegalArgumentException("deployment cache maximum size must not be negative, was "
                    + maximumSize);
        }
        return maximumSize;
    }
}
