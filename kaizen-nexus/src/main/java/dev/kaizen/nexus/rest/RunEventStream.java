package dev.kaizen.nexus.rest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.function.ServerResponse;

import dev.kaizen.nexus.channel.RunHandle;
import dev.kaizen.nexus.channel.RunListener;
import dev.kaizen.nexus.execution.FailureClassifier;
import dev.kaizen.nexus.runs.RunEvent;

/**
 * One run answered as Server-Sent Events: {@code started} (run id, session id), then
 * {@code progress} and {@code token} as the run reports them, then exactly one of {@code result}
 * (the JSON of the plain answer) or {@code error} (the problem document the plain answer would
 * carry). While the run is silent a comment goes out every heartbeat interval, so proxies keep the
 * connection; a client that goes away (a write fails, or the container reports it) cancels the run.
 * Written through {@link SafeSse}: events from the run's thread, heartbeats from the shared timer.
 */
final class RunEventStream implements RunListener {

    private final String instance;

    private volatile @Nullable SafeSse sse;

    private volatile @Nullable RunHandle run;

    private volatile boolean clientLeft;

    private RunEventStream(String instance) {
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
        RunEventStream stream = new RunEventStream(instance);
        return SafeSse.open(timeout, stream::clientGone, sse -> {
            stream.sse = sse;
            Thread.ofVirtual().name("kaizen-sse-run").start(() -> stream.run(sse, call, heartbeat));
        });
    }

    private void run(SafeSse sse, Function<RunListener, Map<String, Object>> call, Duration heartbeat) {
        ScheduledFuture<?> beats = sse.heartbeats(heartbeat);
        try {
            Map<String, Object> result = call.apply(this);
            sse.send("result", result);
        }
        catch (Problem problem) {
            sse.send("error", problem.body(instance));
        }
        catch (RuntimeException | Error failure) {
            // Classified and logged once, like a plain call's; the client gets the problem, no stack trace.
            sse.send("error", Problem.of(FailureClassifier.classify(failure instanceof RuntimeException runtime
                    ? runtime : new IllegalStateException(failure), "POST " + instance)).body(instance));
        }
        finally {
            beats.cancel(false);
            sse.complete();
        }
    }

    @Override
    public void started(RunHandle handle) {
        this.run = handle;
        if (clientLeft) {
            handle.cancelRun(); // the client left before the run began
            return;
        }
        send(RunEvent.started(handle.runId(), handle.sessionId()));
    }

    @Override
    public void progress(String message, @Nullable Double fraction) {
        send(RunEvent.progress(message, fraction));
    }

    @Override
    public void token(String text) {
        send(RunEvent.token(text));
    }

    @Override
    public boolean wantsTokens() {
        return true;
    }

    private void send(RunEvent event) {
        SafeSse open = sse;
        if (open != null) {
            open.send(event.name(), event.data());
        }
    }

    /** The client went away: nothing more is written, and the run, if still going, is cancelled. */
    private void clientGone() {
        clientLeft = true;
        RunHandle handle = run;
        if (handle != null) {
            handle.cancelRun();
        }
    }
}
