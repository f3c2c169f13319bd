package dev.kaizen.nexus.runs;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Where accepted runs and their events are kept, for as long as the store's retention, so that
 * they can be read (and streamed) after the request that started them, by any instance sharing
 * the store. Implementations are safe for use by many threads.
 *
 * <p>A store that instances share ({@link #shared()}) also keeps a lease for each run in progress,
 * renewed by the instance that runs it ({@link #renewLeases}); a run whose lease has passed is
 * {@link #lost(Collection) lost}, and any instance ends it ({@link #endLost}). A run ends once:
 * {@link #end} and {@link #endLost} record an end only for a run that has not ended.
 */
public interface RunStore extends AutoCloseable {

    /** How long a run in progress in a shared store stays its instance's without a renewal, unless configured. */
    Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(15);

    /**
     * @param leaseTime a shared store's lease time
     * @param timeout how long one of its commands may take
     * @return the lease time, if a renewal that takes the whole timeout still comes within it
     * @throws IllegalArgumentException if it is not longer than the timeout
     */
    static Duration requireLeaseTime(Duration leaseTime, Duration timeout) {
        if (leaseTime.compareTo(timeout) <= 0) {
            throw new IllegalArgumentException("the lease time of runs must be longer than the store's timeout ("
                    + timeout.toMillis() + " ms), was " + leaseTime.toMillis() + " ms");
        }
        return leaseTime;
    }

    /** Records a run, or its newer state. */
    void save(RunRecord run);

    /** @return the run's latest state, if it is known (and not past its retention) */
    Optional<RunRecord> find(String runId);

    /** @return the runs of a session, oldest first */
    List<RunRecord> bySession(String sessionId);

    /** Adds an event to the run's log (a shared store drops events of a run that has ended). */
    void append(String runId, RunEvent event);

    /**
     * Records a run's end, by the instance that ran it: its last event, then its final state.
     *
     * @param ended the run, ended
     * @param last its last event ({@code result} or {@code error})
     * @return whether this call ended it; false if it had ended already (another instance found it
     *     lost), and then nothing was written
     */
    default boolean end(RunRecord ended, RunEvent last) {
        append(ended.runId(), last);
        save(ended); // after the last event: a follower that sees the end has every event
        return true;
    }

    /**
     * Records the end of a {@link #lost(Collection) lost} run, by whichever instance noticed: as
     * {@link #end}, but only if the run's lease has still passed and it has not ended, so that of
     * several instances noticing at once, one ends it.
     *
     * @param ended the run, ended
     * @param last its last event
     * @return whether this call ended it (then this caller, and only it, delivers its end)
     */
    default boolean endLost(RunRecord ended, RunEvent last) {
        return false;
    }

    /** @return the run's events from index {@code from} on (empty when there are no newer ones) */
    List<RunEvent> events(String runId, int from);

    /**
     * Asks whichever instance runs a run to cancel it (a store shared by instances passes the
     * request on; one that is not has nothing to pass it to).
     */
    default void requestCancel(String runId) {
    }

    /** @return those of these runs whose cancel another instance asked for */
    default Set<String> cancelRequested(Collection<String> runIds) {
        return Set.of();
    }

    /** @return whether other instances may share this store (then cancels of their runs are passed on) */
    default boolean shared() {
        return false;
    }

    /**
     * @return how long a run in progress stays its instance's without a renewal of its lease, or
     *     {@code null} when runs hold no lease (a store of this process's alone: its runs die with it)
     */
    default @Nullable Duration leaseTime() {
        return null;
    }

    /**
     * Renews the leases of this instance's runs in progress, in one call.
     *
     * @param runIds the runs
     * @return those of them that have ended meanwhile (another instance found them lost)
     */
    default Set<String> renewLeases(Collection<String> runIds) {
        return Set.of();
    }

    /**
     * @param runIds runs, read in progress
     * @return those of them whose lease has passed: their instance died, and they will not end by themselves
     */
    default Set<String> lost(Collection<String> runIds) {
        return Set.of();
    }

    /**
     * @param limit the most to answer
     * @return runs whose lease has passed, whichever instance ran them, longest passed first
     */
    default List<String> lost(int limit) {
        return List.of();
    }

    @Override
    default void close() {
    }
}
