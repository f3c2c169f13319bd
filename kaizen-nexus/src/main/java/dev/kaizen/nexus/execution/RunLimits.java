package dev.kaizen.nexus.execution;

import java.time.Duration;

/**
 * How much of a workflow runs at once: at most {@code maxConcurrent} runs, then up to
 * {@code queueLength} more wait their turn in arrival order; a call beyond that is refused at
 * once as {@code overloaded}, with a {@code Retry-After}. Every channel's calls count, and so do
 * runs accepted to answer later.
 *
 * @param maxConcurrent the most runs of one workflow at once; at least 1
 * @param queueLength the most runs of one workflow waiting for their turn; 0 refuses at once
 * @param retryAfter what a refused caller is told to wait
 */
public record RunLimits(int maxConcurrent, int queueLength, Duration retryAfter) {

    /** The most runs of one workflow at once unless configured otherwise. */
    public static final int DEFAULT_MAX_CONCURRENT = 256;

    /** The most runs of one workflow waiting for their turn unless configured otherwise. */
    public static final int DEFAULT_QUEUE_LENGTH = 1024;

    private static final RunLimits DEFAULTS = new RunLimits(DEFAULT_MAX_CONCURRENT, DEFAULT_QUEUE_LENGTH,
            Duration.ofSeconds(1));

    public RunLimits {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("max concurrent runs must be at least 1, was " + maxConcurrent);
        }
        if (queueLength < 0) {
            throw new IllegalArgumentException("run queue length must not be negative, was " + queueLength);
        }
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("retry-after must be positive, was " + retryAfter);
        }
    }

    /** @return the defaults: 256 at once, 1,024 waiting, retry after 1 s */
    public static RunLimits defaults() {
        return DEFAULTS;
    }
}
