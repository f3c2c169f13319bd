package dev.kaizen.nexus.runs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

/**
 * Runs kept in this process: at most {@code maxRuns} that have ended (runs in progress are never
 * evicted for room), each for {@code retention} after its last change, and at most
 * {@link #MAX_EVENTS} events per run (a run that streams more keeps its first ones and its end).
 */
public final class InMemoryRunStore implements RunStore {

    /** The most events kept per run; the final {@code result} or {@code error} is always kept. */
    public static final int MAX_EVENTS = 10_000;

    private final Cache<String, Entry> runs;

    private final Map<String, Set<String>> bySession = new ConcurrentHashMap<>();

    /** One run's latest state and its events; the event list, shared by an entry and its successor, is guarded by itself. */
    private record Entry(RunRecord run, List<RunEvent> events) {

        /** A run that has not ended weighs nothing: the size bound never evicts a run in progress. */
        int weight() {
            return run.status().isFinal() ? 1 : 0;
        }
    }

    /**
     * @param maxRuns the most runs kept
     * @param retention how long a run is kept after its last change
     */
    public InMemoryRunStore(long maxRuns, Duration retention) {
        this.runs = Caffeine.newBuilder().maximumWeight(maxRuns).weigher((String id, Entry entry) -> entry.weight())
                .expireAfterWrite(retention)
                .executor(Runnable::run) // upkeep on the writing thread: nothing queued on the common pool
                .removalListener((String id, @Nullable Entry entry, RemovalCause cause) -> {
                    if (cause != RemovalCause.REPLACED) {
                        forget(id, entry);
                    }
                })
                .build();
    }

    @Override
    public void save(RunRecord run) {
        runs.asMap().compute(run.runId(), (id, entry) -> {
            if (entry == null) {
                if (run.sessionId() != null) {
                    bySession.computeIfAbsent(run.sessionId(), session -> ConcurrentHashMap.newKeySet()).add(id);
                }
                return new Entry(run, new ArrayList<>());
            }
            return new Entry(run, entry.events); // weighed anew, and its retention starts anew
        });
    }

    @Override
    public Optional<RunRecord> find(String runId) {
        Entry entry = runs.getIfPresent(runId);
        return entry == null ? Optional.empty() : Optional.of(entry.run);
    }

    @Override
    public List<RunRecord> bySession(String sessionId) {
        Set<String> ids = bySession.getOrDefault(sessionId, Set.of());
        return ids.stream().map(this::find).flatMap(Optional::stream)
                .sorted(Comparator.comparing(RunRecord::acceptedAt)).toList();
    }

    @Override
    public void append(String runId, RunEvent event) {
        Entry entry = runs.getIfPresent(runId);
        if (entry == null) {
            return;
        }
        synchronized (entry.events) {
            boolean last = event.name().equals("result") || event.name().equals("error");
            if (entry.events.size() < MAX_EVENTS - 1 || last && entry.events.size() < MAX_EVENTS) {
                entry.events.add(event);
            }
        }
    }

    @Override
    public List<RunEvent> events(String runId, int from) {
        Entry entry = runs.getIfPresent(runId);
        if (entry == null) {
            return List.of();
        }
        synchronized (entry.events) {
            return from >= entry.events.size() ? List.of() : List.copyOf(entry.events.subList(from, entry.events.size()));
        }
    }

    private void forget(String id, @Nullable Entry entry) {
        if (entry == null || entry.run.sessionId() == null) {
            return;
        }
        bySession.computeIfPresent(entry.run.sessionId(), (session, ids) -> {
            ids.remove(id);
            return ids.isEmpty() ? null : ids;
        });
    }
}
