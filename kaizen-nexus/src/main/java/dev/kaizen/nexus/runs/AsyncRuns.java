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
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

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
 */
public final class AsyncRuns implements AutoCloseable {

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

    private final @Nullable Thread cancelWatcher;

    private volatile boolean closed;

    private final Webhooks webhooks;

    private final JsonMapper json;

    /**
     * @param executor the shared execution path
     * @param store where runs and their events are kept
     * @param webhooks where runs may report their end, and how
     * @param json writes a run's end for its callback
     */
    public AsyncRuns(WorkflowExecutor executor, RunStore store, WebhookSettings webhooks, JsonMapper json) {
        this.executor = executor;
        this.store = store;
        this.gatekeeper = executor.gatekeeper();
        this.webhooks = new Webhooks(webhooks);
        this.json = json;
        this.cancelWatcher = store.shared()
                ? Thread.ofPlatform().daemon().name("kaizen-run-cancels").start(this::watchCancels) : null;
    }

    /**
     * With a store shared by instances: every 250 ms, cancels the runs of this instance's whose
     * cancel another instance asked for.
     */
    private void watchCancels() {
        while (!closed) {
            try {
                TimeUnit.MILLISECONDS.sleep(CANCEL_POLL.toMillis());
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
        }
    }

    /** Stops looking for cancels asked on other instances, and closes the store. */
    @Override
    public void close() {
        closed = true;
        if (cancelWatcher != null) {
            cancelWatcher.interrupt();
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

    /** @return the run, if it exists and the caller may see it */
    public Optional<RunRecord> find(String runId, Caller caller) {
        return store.find(runId).filter(run -> gatekeeper.mayUseSession(caller, owner(run)));
    }

    /** @return the runs of a session that the caller may see, oldest first */
    public List<RunRecord> bySession(String sessionId, Caller caller) {
        return store.bySession(sessionId).stream().filter(run -> gatekeeper.mayUseSession(caller, owner(run)))
                .toList();
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
            boolean ended = store.find(runId).map(run -> run.status().isFinal()).orElse(true);
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

        /** Delivers the run's end to its callback, if it named one (a drain waits for this, briefly). */
        private void deliverEnd() {
            RunRecord ended = record;
            if (ended.callbackUrl() == null) {
                return;
            }
            try {
                webhooks.deliver(ended, json.writeValueAsString(ended.toMap()), attempt -> {
                    record = record.delivered(attempt);
                    store.save(record);
                });
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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
            store.append(ended.runId(), last);
            store.save(ended); // after the last event: a follower that sees the end has every event
            signal();
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
