package dev.kaizen.nexus.mcp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import reactor.core.scheduler.Schedulers;

/**
 * The executors Reactor creates for one object's own named schedulers while it is built, so that
 * they can be stopped with that object. The MCP SDK 2.1 Streamable HTTP transport sweeps idle
 * sessions on a {@code Schedulers.newSingle} of its own, whose thread is not a daemon and which its
 * {@code closeGracefully} never disposes: left alone, it keeps the JVM alive after the application
 * closes, or after it failed to start.
 * <p>
 * Only schedulers whose description carries the given name are noted: Reactor's shared schedulers
 * ({@code boundedElastic()} and the like) may be created on the same thread at the same time, the
 * first time anything asks for them, and must outlive the object.
 */
final class ReactorExecutorsCreated {

    /** The thread name of the MCP SDK's Streamable HTTP session sweeper. */
    static final String MCP_SESSION_SWEEPER = "streamable-http-server-transport-session-sweeper";

    private static final AtomicLong keys = new AtomicLong();

    private final List<ScheduledExecutorService> created = new CopyOnWriteArrayList<>();

    private final String schedulerName;

    /** @param schedulerName the name the object gives its schedulers (and their threads) */
    ReactorExecutorsCreated(String schedulerName) {
        this.schedulerName = schedulerName;
    }

    /**
     * Builds an object, noting the executor of each scheduler with the name that is created on
     * this thread meanwhile.
     */
    <T> T whileBuilding(Supplier<T> build) {
        Thread builder = Thread.currentThread();
        String key = "kaizen-owned-executors-" + keys.incrementAndGet();
        Schedulers.addExecutorServiceDecorator(key, (scheduler, executor) -> {
            if (Thread.currentThread() == builder && scheduler.toString().contains(schedulerName)) {
                created.add(executor);
            }
            return executor;
        });
        try {
            return build.get();
        }
        finally {
            Schedulers.removeExecutorServiceDecorator(key);
        }
    }

    /** @return how many executors were noted */
    int count() {
        return created.size();
    }

    /** Stops the noted executors and their threads. */
    void shutdown() {
        created.forEach(ExecutorService::shutdownNow);
    }
}
