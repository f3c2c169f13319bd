package dev.kaizen.nexus.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.channel.Execution;
import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.channel.RunHandle;
import dev.kaizen.nexus.channel.RunListener;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.execution.Acceptance;
import dev.kaizen.nexus.execution.FailureClassifier;
import dev.kaizen.nexus.execution.WorkflowExecutor;
import dev.kaizen.nexus.security.Gatekeeper;
import dev.kaizen.nexus.session.SessionIds;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs that answer at once: {@link #submit} accepts a run (refusing at once what would be refused
 * anyway), records it as {@code queued} in the {@link RunStore} before it returns, and runs it on a
 * virtual thread of its own through the shared execution path, so that the workflow's limits,
 * sessions, metrics and the drain on shutdown apply as to any call. Its events and its end go to
 * the store, where any instance sharing it can read them.
 *
 * <p>A run belongs to the principal that started it: another principal finds it as it finds an
 * unknown run (an admin sees every run), as with sessions.
 *
 * <p>With a store that instances share, a background thread asks for cancels of this instance's
 * runs (every 250 ms), renews their leases (every third of the store's lease time, all in one
 * call) and sweeps the store for runs whose instance died ({@link LostRuns}); reading, following or
 * cancelling such a run ends it too.
 */
public final class AsyncRuns implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AsyncRuns.class);

    /** How often a follower of a run this instance does not run looks for news in the store. */
    private static final Duration REMOTE_POLL = Duration.ofMillis(200);

    /** How often a shared store is asked for cancels of this instance's runs. */
    private static final Duration CANCEL_POLL = Duration.ofMillis(250);

    /** How the channel that accepted a run writes its end: the same documents as a plain call. */
    public interface Documents {

        /** @return the plain answer's JSON */
        Map<String, Object> answer(Deployment deployment, Execution execution);

        /** @return the problem document the plain answer would carry */
        Map<String, Object> problem(CallFailure failure, String runId);
    }

    private final WorkflowExecutor executor;

    private final RunStore store;

    private final Gatekeeper gatekeeper;

    private final Map<String, LocalRun> local = new ConcurrentHashMap<>();

    /** Set once a drain waits for the runs in progress to record their end. */
    private volatile boolean awaitingRecords;

    /** Asks for cancels, renews leases and sweeps for lost runs: only with a store that instances share. */
    private final @Nullable Thread upkeep;

    private final LostRuns lostRuns;

    private volatile boolean closed;

    private final Webhooks webhooks;

    private final JsonMapper json;

    /**
     * @param executor the shared execution path
     * @param store where runs and their events are kept
     * @param webhooks where runs may report their end, and how
     * @param json writes a run's end for its callback
     * @param documents how a run that this instance ends without having run it (its instance died)
     *     writes its problem: as the channels write any run's
     */
    public AsyncRuns(WorkflowExecutor executor, RunStore store, WebhookSettings webhooks, JsonMapper json,
            Documents documents) {
        this.executor = executor;
        this.store = store;
        this.gatekeeper = executor.gatekeeper();
        this.webhooks = new Webhooks(webhooks);
        this.json = json;
        this.lostRuns = new LostRuns(store, documents, ended -> Thread.ofVirtual().name("kaizen-run-webhook")
                .start(() -> deliver(ended, delivered -> { })));
        this.upkeep = store.shared()
                ? Thread.ofPlatform().daemon().name("kaizen-run-upkeep").start(this::upkeep) : null;
    }

    /**
     * With a store shared by instances: every 250 ms, cancels the runs of this instance's whose
     * cancel another instance asked for; every third of the lease time, renews their leases and
     * ends the runs of instances that died.
     */
    private void upkeep() {
        Duration lease = store.leaseTime();
        long renewEvery = lease == null ? Long.MAX_VALUE : lease.toNanos() / 3;
        long tick = Math.min(CANCEL_POLL.toNanos(), renewEvery);
        long nextRenewal = System.nanoTime();
        while (!closed) {
            try {
                TimeUnit.NANOSECONDS.sleep(tick);
                if (!local.isEmpty()) {
                    store.cancelRequested(local.keySet()).forEach(runId -> {
                        LocalRun run = local.get(runId);
                        if (run != null) {
                            run.cancel();
                        }
                    });
                }
            }
            catch (InterruptedException e) {
                return;
            }
            catch (RuntimeException storeDown) {
                // The store is unreachable for now: cancels asked elsewhere wait until it is back.
            }
            if (lease != null && System.nanoTime() - nextRenewal >= 0) {
                nextRenewal = System.nanoTime() + renewEvery;
                try {
                    renewLeases();
                    lostRuns.sweep(local::containsKey);
                }
                catch (RuntimeException storeDown) {
                    // Renewed when the store is back (and no run is ended as lost for a lease time then).
                    lostRuns.storeUnavailable();
                }
            }
        }
    }

    /** Renews the leases of this instance's runs in progress; stops those another instance ended meanwhile. */
    private void renewLeases() {
        List<String> inProgress = local.values().stream().filter(run -> !run.record.status().isFinal())
                .map(run -> run.record.runId()).toList();
        for (String runId : store.renewLeases(inProgress)) {
            LocalRun run = local.get(runId);
            if (run != null && !run.record.status().isFinal()) {
                log.warn("Run {} was ended as instance-lost by another instance (this one did not renew its lease in "
                        + "time: paused, or cut off from the run store); it is stopped here", runId);
                run.cancel();
            }
        }
    }

    /** Stops the background thread, and closes the store. */
    @Override
    public void close() {
        closed = true;
        if (upkeep != null) {
            upkeep.interrupt();
        }
        webhooks.close();
        store.close();
    }

    /** @return where runs are kept */
    public RunStore store() {
        return store;
    }

    /**
     * Accepts a run and starts it in the background.
     *
     * @param deployment the deployment to run
     * @param inputs the inputs as received
     * @param sessionId the session to run in, or {@code null}
     * @param caller who calls
     * @param channel the channel the call came through
     * @param receivedNanos {@link System#nanoTime()} when the request arrived, for {@code timeToAckMs}
     * @param documents how the channel writes the run's end
     * @param callbackUrl where to deliver the run's end, or {@code null}
     * @return the run, recorded as queued
     * @throws RuntimeException what a plain call would be refused with: a {@link CallFailure}
     *     ({@code overloaded} when the workflow's queue is full), or invalid inputs; and a
     *     {@code callbackUrl} not allowed
     */
    public RunRecord submit(Deployment deployment, Map<String, ?> inputs, @Nullable String sessionId, Caller caller,
            ChannelId channel, long receivedNanos, Documents documents, @Nullable String callbackUrl) {
        if (callbackUrl != null) {
            webhooks.check(callbackUrl);
        }
        if (sessionId != null) {
            SessionIds.requireValid(sessionId); // a malformed id is the caller's mistake now, not the run's later
        }
        Acceptance acceptance = executor.accept(deployment, inputs, sessionId, caller);
        String runId = UUID.randomUUID().toString();
        RunRecord queued = RunRecord.queued(runId, deployment.name(), sessionId,
                caller.isAuthenticated() ? caller.name() : "", Instant.now(),
                (System.nanoTime() - receivedNanos) / 1e6, callbackUrl);
        LocalRun run = new LocalRun(queued, acceptance);
        try {
            store.save(queued);
        }
        catch (RuntimeException storeDown) {
            acceptance.release(); // not recorded, so not accepted: its place goes back
            throw storeDown;
        }
        local.put(runId, run);
        Thread.ofVirtual().name("kaizen-async-run").start(
                () -> run.execute(deployment, inputs, sessionId, caller, channel, documents));
        return queued;
    }

    /** @return the run, if it exists and the caller may see it (ended as lost if its instance died) */
    public Optional<RunRecord> find(String runId, Caller caller) {
        return store.find(runId).filter(run -> gatekeeper.mayUseSession(caller, owner(run))).map(this::settled);
    }

    /** @return the runs of a session that the caller may see, oldest first (those lost ended) */
    public List<RunRecord> bySession(String sessionId, Caller caller) {
        return lostRuns.settle(store.bySession(sessionId).stream()
                .filter(run -> gatekeeper.mayUseSession(caller, owner(run))).toList(), local::containsKey);
    }

    /** @return the run as it is, or ended as lost if its instance died before it did */
    private RunRecord settled(RunRecord run) {
        return lostRuns.settle(List.of(run), local::containsKey).getFirst();
    }

    /**
     * Cancels a run of this instance's: a queued run leaves the queue, a running one is
     * interrupted and its model call closed. A run that has ended stays as it ended.
     *
     * A run of another instance's (with a store shared by instances) is cancelled by that
     * instance within a moment; the answer is then the run as it was when asked.
     *
     * @return the run's state after the request (ended, unless it takes more than 10 s to stop),
     *     or empty if it does not exist for the caller
     */
    public Optional<RunRecord> cancel(String runId, Caller caller) {
        Optional<RunRecord> found = find(runId, caller);
        LocalRun run = local.get(runId);
        if (found.isEmpty() || found.get().status().isFinal()) {
            return found;
        }
        if (run == null) {
            store.requestCancel(runId);
            return found;
        }
        run.cancel();
        return Optional.of(run.awaitEnd(Duration.ofSeconds(10)));
    }

    /**
     * Waits until every run of this instance's has recorded its end (after a drain, which ended
     * them), for up to {@code max}.
     *
     * @return whether none is left
     */
    public boolean awaitAllRecorded(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        awaitingRecords = true; // before the first look: a run that ends after it then notifies
        synchronized (local) {
            while (!local.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(local, left);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Hands the run's events to {@code each}, from its first on and then as they happen, until its
     * last (or until {@code each} answers false).
     *
     * @param runId the run
     * @param each takes one event; false stops the following
     * @throws InterruptedException if the following thread is interrupted
     */
    public void follow(String runId, Predicate<RunEvent> each) throws InterruptedException {
        int next = 0;
        while (true) {
            long seen = version(runId);
            List<RunEvent> fresh = store.events(runId, next);
            for (RunEvent event : fresh) {
                next++;
                if (!each.test(event)) {
                    return;
                }
            }
            boolean ended = store.find(runId).map(run -> settled(run).status().isFinal()).orElse(true);
            if (ended && store.events(runId, next).isEmpty()) {
                return;
            }
            if (fresh.isEmpty()) {
                awaitNews(runId, seen, Duration.ofSeconds(1));
            }
        }
    }

    /** @return the run's events from index {@code from} on */
    public List<RunEvent> events(String runId, int from) {
        return store.events(runId, from);
    }

    /**
     * @return how much has happened to the run so far, to pass to {@link #awaitNews} after reading
     *     the store; -1 for a run this instance does not run
     */
    public long version(String runId) {
        LocalRun run = local.get(runId);
        return run == null ? -1 : run.version();
    }

    /**
     * Waits until more has happened to the run than {@code version} (an event, its end), or
     * {@code max} passes. A run of this instance's wakes its followers at once; for any other the
     * store is looked at again after at most 200 ms.
     */
    public void awaitNews(String runId, long version, Duration max) throws InterruptedException {
        LocalRun run = local.get(runId);
        if (run != null && version >= 0) {
            run.awaitNews(version, max);
        }
        else if (!store.find(runId).map(found -> found.status().isFinal()).orElse(true)) {
            TimeUnit.NANOSECONDS.sleep(Math.min(max.toNanos(), REMOTE_POLL.toNanos()));
        }
    }

    /**
     * Delivers a run's end to its callback, if it named one, recording each attempt on the run.
     *
     * @param ended the run, ended
     * @param updated told of the run with each attempt
     */
    private void deliver(RunRecord ended, Consumer<RunRecord> updated) {
        if (ended.callbackUrl() == null) {
            return;
        }
        RunRecord[] latest = { ended }; // written by this thread only
        try {
            webhooks.deliver(ended, json.writeValueAsString(ended.toMap()), attempt -> {
                latest[0] = latest[0].delivered(attempt);
                updated.accept(latest[0]);
                try {
                    store.save(latest[0]);
                }
                catch (RuntimeException storeDown) {
                    // The attempt is made; only its record on the run is missing.
                    log.debug("Run {}: delivery attempt {} not recorded, the run store is unavailable",
                            ended.runId(), attempt.attempt());
                }
            });
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static @Nullable String owner(RunRecord run) {
        return run.owner().isEmpty() ? null : run.owner();
    }

    /** One run of this instance's, from acceptance to its end. */
    private final class LocalRun implements RunListener {

        private final Acceptance acceptance;

        private final ReentrantLock lock = new ReentrantLock();

        private final Condition news = lock.newCondition();

        private volatile RunRecord record;

        private volatile @Nullable RunHandle handle;

        private volatile boolean cancelled;

        /**
         * Whether this instance recorded the run's end, and so delivers it: not when another
         * instance had ended it as lost first, nor when the store was down (the run is then ended
         * as lost, once, when its lease runs out).
         */
        private volatile boolean endRecorded;

        /** How many events and state changes there have been; guarded by {@code lock}. */
        private long version;

        private long startedNanos;

        private final long acceptedNanos = System.nanoTime();

        LocalRun(RunRecord record, Acceptance acceptance) {
            this.record = record;
            this.acceptance = acceptance;
        }

        void execute(Deployment deployment, Map<String, ?> inputs, @Nullable String sessionId, Caller caller,
                ChannelId channel, Documents documents) {
            try {
                Execution execution = executor.execute(deployment, inputs, sessionId, channel, caller, this,
                        acceptance);
                Map<String, Object> answer = documents.answer(deployment, execution);
                end(record.succeeded(answer, sinceStart()), new RunEvent("result", answer));
            }
            catch (RuntimeException failure) {
                CallFailure classified = FailureClassifier.classify(failure,
                        "run " + record.runId() + " of workflow '" + deployment.name() + "'");
                Map<String, Object> problem = documents.problem(classified, record.runId());
                RunStatus status = classified.kind() == FailureKind.CANCELLED ? RunStatus.CANCELLED : RunStatus.FAILED;
                end(record.ended(status, problem, startedNanos == 0 ? null : sinceStart()),
                        new RunEvent("error", problem));
            }
            finally {
                deliverEnd();
                local.remove(record.runId());
                if (awaitingRecords) { // only a drain waits: no monitor on every run's end otherwise
                    synchronized (local) {
                        local.notifyAll();
                    }
                }
            }
        }

        /**
         * Delivers the run's end to its callback, if it named one and this instance ended it (a
         * drain waits for this, briefly).
         */
        private void deliverEnd() {
            if (endRecorded) {
                deliver(record, delivered -> record = delivered);
            }
        }

        @Override
        public void started(RunHandle run) {
            this.handle = run;
            startedNanos = System.nanoTime();
            record = record.running((startedNanos - acceptedNanos) / 1e6);
            store.save(record);
            signal();
            publish(RunEvent.started(record.runId(), record.sessionId()));
            if (cancelled) {
                run.cancelRun(); // cancelled as it started
            }
        }

        @Override
        public void progress(String message, @Nullable Double fraction) {
            publish(RunEvent.progress(message, fraction));
        }

        @Override
        public void token(String text) {
            publish(RunEvent.token(text));
        }

        @Override
        public boolean wantsTokens() {
            return true;
        }

        void cancel() {
            cancelled = true;
            acceptance.withdraw();
            RunHandle running = handle;
            if (running != null) {
                running.cancelRun();
            }
        }

        private double sinceStart() {
            return (System.nanoTime() - startedNanos) / 1e6;
        }

        private void publish(RunEvent event) {
            store.append(record.runId(), event);
            signal();
        }

        private void end(RunRecord ended, RunEvent last) {
            record = ended;
            try {
                endRecorded = store.end(ended, last);
                if (!endRecorded) { // ended elsewhere as lost: that end stands, and that instance delivers it
                    record = store.find(ended.runId()).filter(run -> run.status().isFinal()).orElse(ended);
                }
            }
            finally {
                signal();
            }
        }

        private void signal() {
            lock.lock();
            try {
                version++;
                news.signalAll();
            }
            finally {
                lock.unlock();
            }
        }

        long version() {
            lock.lock();
            try {
                return version;
            }
            finally {
                lock.unlock();
            }
        }

        void awaitNews(long seen, Duration max) throws InterruptedException {
            long left = max.toNanos();
            lock.lock();
            try {
                while (version <= seen && !record.status().isFinal() && left > 0) {
                    left = news.awaitNanos(left);
                }
            }
            finally {
                lock.unlock();
            }
        }

        RunRecord awaitEnd(Duration max) {
            long deadline = System.nanoTime() + max.toNanos();
            lock.lock();
            try {
                while (!record.status().isFinal() && System.nanoTime() < deadline) {
                    news.awaitNanos(deadline - System.nanoTime());
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finally {
                lock.unlock();
            }
            return record;
        }
    }
}
