package dev.kaizen.nexus.rest;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.function.ServerResponse;

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
 * Events come from the run's thread, heartbeats from a shared timer thread: every write holds
 * this object's monitor, and once the stream is closed nothing more is written.
 */
final class RunEventStream implements RunListener {

    /** One daemon thread sends every stream's heartbeats; each is a few bytes. */
    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().daemon().name("kaizen-sse-heartbeat").unstarted(runnable));

    private final ServerResponse.SseBuilder sse;

    private final String instance;

    /** Guarded by {@code this}. */
    private boolean closed;

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
            sse.onError(failure -> stream.clientGone());
            sse.onTimeout(stream::clientGone);
            Thread.ofVirtual().name("kaizen-sse-run").start(() -> stream.run(call, heartbeat));
        }, timeout);
    }

    private void run(Function<RunListener, Map<String, Object>> call, Duration heartbeat) {
        long every = Math.max(1, heartbeat.toMillis());
        ScheduledFuture<?> beats = HEARTBEATS.scheduleWithFixedDelay(this::heartbeat, every, every,
                TimeUnit.MILLISECONDS);
        try {
            Map<String, Object> result = call.apply(this);
            send("result", result);
        }
        catch (Problem problem) {
            send("error", problem.body(instance));
        }
        catch (RuntimeException failure) {
            send("error", Problem.of(FailureClassifier.classify(failure, "POST " + instance)).body(instance));
        }
        finally {
            beats.cancel(false);
            complete();
        }
    }

    @Override
    public void started(RunHandle handle) {
        this.run = handle;
        synchronized (this) {
            if (closed) {
                handle.cancelRun(); // the client left before the run began
                return;
            }
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

    private synchronized void send(String event, Object data) {
        if (closed) {
            return;
        }
        try {
            sse.event(event).data(data);
        }
        catch (IOException | RuntimeException writeFailed) {
            clientGone();
        }
    }

    private synchronized void heartbeat() {
        if (closed) {
            return;
        }
        try {
            sse.comment("").send();
        }
        catch (IOException | RuntimeException writeFailed) {
            clientGone();
        }
    }

    private synchronized void complete() {
        if (!closed) {
            closed = true;
            sse.complete();
        }
    }

    /** The client went away: nothing more is written, and the run, if still going, is cancelled. */
    private void clientGone() {
        synchronized (this) {
            closed = true;
        }
        RunHandle handle = run;
        if (handle != null) {
            handle.cancelRun();
        }
    }
}
