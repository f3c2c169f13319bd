package dev.kaizen.nexus.runs;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.FailureKind;

/**
 * Ends the runs whose instance died before they did (with a store that instances share): their
 * lease in the store has passed, so they would otherwise stay {@code queued} or {@code running}
 * until they are forgotten. Whichever instance notices first (a read, a follower, a cancel, or its
 * periodic {@link #sweep}) ends such a run as {@code failed} with {@code instance-lost}, writes its
 * last event, and hands it over for its webhook. The store makes the end atomic: of several
 * instances noticing at once, one ends the run and delivers its end.
 *
 * <p>When the store itself was unavailable (a Redis restart, a failover), every lease may have
 * passed meanwhile although the instances live: so, once the store answers again, no run is ended
 * as lost for one lease time, and the live instances renew their leases first.
 */
final class LostRuns {

    private static final Logger log = LoggerFactory.getLogger(LostRuns.class);

    /** The most lost runs one sweep ends; the next sweep takes the rest. */
    private static final int SWEEP_BATCH = 100;

    private final RunStore store;

    private final AsyncRuns.Documents documents;

    private final Consumer<RunRecord> ended;

    private final long leaseNanos;

    /** Whether the upkeep's last call to the store failed. */
    private volatile boolean storeDown;

    /** Whether the store has been unavailable since this instance started: then {@link #holdUntil} applies. */
    private volatile boolean holding;

    /** The {@link System#nanoTime()} until which no run is ended as lost, while {@link #holding}. */
    private volatile long holdUntil;

    /**
     * @param store where the runs are
     * @param documents writes a lost run's problem, as the channels write any run's
     * @param ended takes each run this instance ended (to deliver its end); must not block
     */
    LostRuns(RunStore store, AsyncRuns.Documents documents, Consumer<RunRecord> ended) {
        this.store = store;
        this.documents = documents;
        this.ended = ended;
        this.leaseNanos = store.leaseTime() == null ? 0 : store.leaseTime().toNanos();
    }

    /** Told by the upkeep that the store did not answer; the next {@link #sweep} that gets through tells it is back. */
    void storeUnavailable() {
        storeDown = true;
    }

    /** @return whether no run is to be ended as lost now: the store is down, or was a moment ago */
    private boolean holdingOff() {
        return storeDown || holding && System.nanoTime() - holdUntil < 0;
    }

    /**
     * @param runs runs as read from the store
     * @param local whether a run is this instance's (alive, whatever its lease says)
     * @return the same runs, in the same order, those that were lost now ended
     */
    List<RunRecord> settle(List<RunRecord> runs, Predicate<String> local) {
        List<String> inProgress = runs.stream().filter(run -> !run.status().isFinal() && !local.test(run.runId()))
                .map(RunRecord::runId).toList();
        if (inProgress.isEmpty() || holdingOff()) {
            return runs; // no round trip for runs that have ended, or that this instance runs
        }
        Set<String> lost = store.lost(inProgress);
        return lost.isEmpty() ? runs : runs.stream().map(run -> lost.contains(run.runId()) ? end(run) : run).toList();
    }

    /**
     * Ends the runs of the store whose lease has passed (up to a batch), whoever looks at them.
     *
     * @param local whether a run is this instance's
     */
    void sweep(Predicate<String> local) {
        List<String> expired = store.lost(SWEEP_BATCH); // asked even when holding off: it tells the store is back
        if (storeDown) {
            holdUntil = System.nanoTime() + leaseNanos; // before holding: a reader that sees holding sees this
            holding = true;
            storeDown = false;
        }
        if (holdingOff()) {
            return;
        }
        for (String runId : expired) {
            if (!local.test(runId)) {
                store.find(runId).filter(run -> !run.status().isFinal()).ifPresent(this::end);
            }
        }
    }

    /** @return the run ended as lost, or as it is now if another instance ended it first (or it lives on) */
    private RunRecord end(RunRecord lost) {
        CallFailure failure = CallFailure.of(FailureKind.INSTANCE_LOST, "run " + lost.runId() + " of workflow '"
                + lost.workflow() + "' was lost: the instance running it stopped before it ended; start it again");
        Map<String, Object> problem = documents.problem(failure, lost.runId());
        RunRecord failed = lost.ended(RunStatus.FAILED, problem, null);
        if (!store.endLost(failed, new RunEvent("error", problem))) {
            return store.find(lost.runId()).orElse(lost);
        }
        log.warn("Run {} of workflow '{}' was {} on an instance that stopped (its lease ran out): ended as failed, "
                + "instance-lost", lost.runId(), lost.workflow(), lost.status().slug());
        ended.accept(failed);
        return failed;
    }
}
