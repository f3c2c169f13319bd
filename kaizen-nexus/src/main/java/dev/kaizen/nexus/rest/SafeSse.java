package dev.kaizen.nexus.rest;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.springframework.web.servlet.function.ServerResponse;

import dev.kaizen.nexus.channel.Heartbeats;

/**
 * An SSE answer written from threads of Kaizen's own (a run's, the heartbeat timer's), safely:
 * every write holds one lock; once the client is gone or the answer complete nothing more is
 * written; a heartbeat comment goes out every interval unless an event is being written.
 *
 * <p>When the container ends the request (the client left, the stream timed out) it recycles the
 * response for another connection as soon as its callback returns: so the callback waits for a
 * write in progress (on a dead connection it fails fast) and lets no write start after it, nor the
 * completion; a late write would land in, or break, another client's answer.
 */
final class SafeSse {

    private final ServerResponse.SseBuilder sse;

    private final Runnable clientGone;

    private final ReentrantLock writing = new ReentrantLock();

    /** Set once nothing more may be written: completed, or the client left. */
    private final AtomicBoolean closed = new AtomicBoolean();

    private final AtomicBoolean completed = new AtomicBoolean();

    private SafeSse(ServerResponse.SseBuilder sse, Runnable clientGone) {
        this.sse = sse;
        this.clientGone = clientGone;
    }

    /**
     * @param timeout how long the answer may stay open at most
     * @param clientGone called (perhaps more than once) when the client is found gone
     * @param writer given the answer once it is open, on the container's thread: start the
     *     writing thread there
     * @return the streaming response
     */
    static ServerResponse open(Duration timeout, Runnable clientGone, Consumer<SafeSse> writer) {
        return ServerResponse.sse(sse -> {
            SafeSse safe = new SafeSse(sse, clientGone);
            sse.onError(failure -> safe.containerEnded());
            sse.onTimeout(safe::containerEnded);
            writer.accept(safe);
        }, timeout);
    }

    /** @return whether the client is gone or the answer complete: nothing more goes out */
    boolean closed() {
        return closed.get();
    }

    /** Writes one event, unless the answer is closed; a failed write means the client left. */
    void send(String event, Object data) {
        writing.lock();
        try {
            if (!closed.get()) {
                sse.event(event).data(data);
            }
        }
        catch (IOException | IllegalStateException gone) {
            gone();
        }
        finally {
            writing.unlock();
        }
    }

    /** @return the heartbeats of this answer, every {@code every}: cancel them when it ends */
    ScheduledFuture<?> heartbeats(Duration every) {
        return Heartbeats.every(every, this::heartbeat);
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
            gone();
        }
        finally {
            writing.unlock();
        }
    }

    /** Ends the answer once, unless the container ended it already (releasing the request). */
    void complete() {
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

    private void containerEnded() {
        writing.lock();
        try {
            completed.set(true);
            closed.set(true);
        }
        finally {
            writing.unlock();
        }
        clientGone.run();
    }

    private void gone() {
        closed.set(true);
        clientGone.run();
    }
}
