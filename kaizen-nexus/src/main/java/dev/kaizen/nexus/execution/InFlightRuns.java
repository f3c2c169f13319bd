package dev.kaizen.nexus.execution;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.kaizen.core.RunContext;

/**
 * The runs in flight, so that a stopping Nexus can let them finish, refuse new ones, and cancel
 * those still running when the drain time is up (they then answer {@code shutting-down}).
 *
 * <p>Internal: part of the execution path.
 */
public final class InFlightRuns {

    /** How long cancelled runs get to end after the drain time is up. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(5);

    private final Set<RunContext> runs = ConcurrentHashMap.newKeySet();

    private final Object changed = new Object();

    private volatile boolean draining;

    /** @return whether a drain has begun: new runs are refused */
    public boolean draining() {
        return draining;
    }

    void started(RunContext run) {
        runs.add(run);
    }

    void ended(RunContext run) {
        runs.remove(run);
        if (draining) {
            synchronized (changed) {
                changed.notifyAll();
            }
        }
    }

    /** @return how many runs are in flight now */
    public int count() {
        return runs.size();
    }

    /**
     * Refuses new runs, waits for those in flight to end for up to {@code timeout}, then cancels
     * the rest and gives them a few seconds to answer.
     *
     * @param timeout how long running calls may take to finish
     * @return how many runs had to be cancelled
     */
    public int drain(Duration timeout) {
        draining = true;
        awaitNone(timeout);
        List<RunContext> left = List.copyOf(runs);
        left.forEach(RunContext::cancel);
        awaitNone(CANCEL_GRACE);
        return left.size();
    }

    /** Accepts runs again, after a drain (a standalone Nexus started anew). */
    public void resume() {
        draining = false;
    }

    private void awaitNone(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (!runs.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    changed.wait(Math.max(1, left / 1_000_000));
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
