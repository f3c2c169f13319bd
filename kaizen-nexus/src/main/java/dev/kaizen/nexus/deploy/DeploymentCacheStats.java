package dev.kaizen.nexus.deploy;

/**
 * A snapshot of the deployment cache's counters since it was created or last cleared.
 *
 * @param size built workflows held now
 * @param hits deployments that reused a built workflow
 * @param misses deployments that built one (with the cache on)
 * @param evictions built workflows dropped to stay within the maximum size
 */
public record DeploymentCacheStats(long size, long hits, long misses, long evictions) {

    /**
     * @return hits divided by lookups, or 0 with no lookups yet
     */
    public double hitRate() {
        long lookups = hits + misses;
        return lookups == 0 ? 0 : (double) hits / lookups;
    }
}
