package dev.kaizen.nexus.rest;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.function.ServerResponse;

import dev.kaizen.nexus.channel.Heartbeats;
import dev.kaizen.nexus.channel.RunHandle;
import dev.kaizen.nexus.channel.RunListener;
import dev.kaizen.nexus.execution.FailureClassifier;

/**
 * One run answered as Server-Sent Events: {@code started} (run id, session id), then
 * {@code progress} and {@code token} as the run reports them, then exactly one of {@code result}
 * (the JSON of the plain answer) or {@code error} (the problem document the plain answer would
 * carry). While the run is silent a comment goes out every heartbeat interval, so proxies keep the
 * connection; a client that goes away (a write fails, or the container reports it) cancels the run.
 *
 * <h2>Concurrency</h2>
 * Events come from the run's thread, heartbeats from the shared {@link Heartbeats} timer: every
 * write holds this stream's lock, and once the stream is closed nothing more is written. A beat
 * never waits: a stream busy writing (or stuck on a client that stopped reading) skips it.
 */
final class RunEventStream implements RunListener {

    private final ServerResponse.SseBuilder sse;

    private final String instance;

    private final ReentrantLock writing = new ReentrantLock();

    /** Set once nothing more may be written: the run ended, or the client left. */
    private final AtomicBoolean closed = new AtomicBoolean();

    private final AtomicBoolean completed = new AtomicBoolean();

    private volatile @Nullable RunHandle run;

    private RunEventStream(ServerResponse.SseBuilder sse, String instance) {
        this.sse = sse;
        this.instance = instance;
    }

    /**
     * @param call runs the workflow with the listener it is given and returns the plain answer's JSON
     * @param heartbeat how often a comment goes out while the run is silent
     * @param timeout how long the stream may stay open at most (the run's own deadline ends it sooner)
     * @param instance the request path, for problem documents
     * @return the streaming response; the run starts on a virtual thread of its own
     */
    static ServerResponse serve(Function<RunListener, Map<String, Object>> call, Duration heartbeat, Duration timeout,
            String instance) {
        return ServerResponse.sse(sse -> {
            RunEventStream stream = new RunEventStream(sse, instance);
            sse.onError(failure -> stream.containerEnded());
            sse.onTimeout(stream::containerEnded);
            Thread.ofVirtual().name("kaizen-sse-run").start(() -> stream.run(call, heartbeat));
        }, timeout);
    }

    private void run(Function<RunListener, Map<String, Object>> call, Duration heartbeat) {
        ScheduledFuture<?> beats = Heartbeats.every(heartbeat, this::heartbeat);
        try {
            Map<String, Object> result = call.apply(this);
            send("result", result);
        }
        catch (Problem problem) {
            send("error", problem.body(instance));
        }
        catch (RuntimeException | Error failure) {
            // Classified and logged once, like a plain call's; the client gets the problem, no stack trace.
            send("error", Problem.of(FailureClassifier.classify(failure instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(failure), "POST " + instance)).body(instance));
        }
        finally {
            beats.cancel(false);
            complete();
        }
    }

    @Override
    public void started(RunHandle handle) {
        this.run = handle;
        if (closed.get()) {
            handle.cancelRun(); // the client left before the run began
            return;
        }
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("runId", handle.runId());
        started.put("sessionId", handle.sessionId());
        send("started", started);
    }

    @Override
    public void progress(String message, @Nullable Double fraction) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("message", message);
        if (fraction != null) {
            progress.put("fraction", fraction);
        }
        send("progress", progress);
    }

    @Override
    public void token(String text) {
        send("token", Map.of("text", text));
    }

    @Override
    public boolean wantsTokens() {
        return true;
    }

    private void send(String event, Object data) {
        writing.lock();
        try {
            if (!closed.get()) {
                sse.event(event).data(data);
            }
        }
        catch (IOException | IllegalStateException gone) {
            clientGone();
        }
        finally {
            writing.unlock();
        }
    }

    private void heartbeat() {
        if (!writing.tryLock()) {
            return; // an event is being written: that keeps the connection alive as well
        }
        try {
            if (!closed.get()) {
                sse.comment("").send();
            }
        }
        catch (IOException | IllegalStateException gone) {
            clientGone();
        }
        finally {
            writing.unlock();
        }
    }

    /** Ends the response once, whether the run ended or the client left first (releasing the request). */
    private void complete() {
        writing.lock();
        try {
            closed.set(true);
            if (completed.compareAndSet(false, true)) {
                sse.complete();
            }
        }
        catch (RuntimeException alreadyEnded) {
            // The container ended the request itself (client gone, timeout): nothing left to release.
        }
        finally {
            writing.unlock();
        }
    }

    /**
     * The container ended the request (the client left, or the stream timed out). Once this
     * returns the container recycles the response for another connection, so it waits for a write
     * in progress (on a dead connection it fails fast) and lets none start after it, nor the
     * completion: a late write would land in, or break, another client's answer.
     */
    private void containerEnded() {
        writing.lock();
        try {
            completed.set(true);
            closed.set(true);
        }
        finally {
            writing.unlock();
        }
        clientGone();
    }

    /** The client went away: nothing more is written, and the run, if still going, is cancelled. */
    private void clientGone() {
        closed.set(true);
        RunHandle handle = run;
        if (handle != null) {
            handle.cancelRun();
        }
    }
}
