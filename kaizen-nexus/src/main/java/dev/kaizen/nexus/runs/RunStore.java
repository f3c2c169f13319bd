package dev.kaizen.nexus.runs;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where accepted runs and their events are kept, for as long as the store's retention, so that
 * they can be read (and streamed) after the request that started them, by any instance sharing
 * the store. Implementations are safe for use by many threads.
 */
public interface RunStore extends AutoCloseable {

    /** Records a run, or its newer state. */
    void save(RunRecord run);

    /** @return the run's latest state, if it is known (and not past its retention) */
    Optional<RunRecord> find(String runId);

    /** @return the runs of a session, oldest first */
    List<RunRecord> bySession(String sessionId);

    /** Adds an event to the run's log. */
    void append(String runId, RunEvent event);

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

    @Override
    default void close() {
    }
}
