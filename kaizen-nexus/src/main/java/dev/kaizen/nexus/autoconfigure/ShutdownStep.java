package dev.kaizen.nexus.autoconfigure;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * One step of the application's stop that must happen in a given order around the web server's
 * graceful shutdown: nothing to do at start, {@code step} at stop. Higher phases stop first.
 */
final class ShutdownStep implements SmartLifecycle {

    /**
     * Draining the Nexus's calls: before the MCP sessions close, so MCP calls still answer on their
     * streams, and before the graceful shutdown, so every connection is still open.
     */
    static final int DRAIN_PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 2;

    /**
     * Closing the MCP sessions, which ends their GET streams: after the drain, before the graceful
     * shutdown, which an open stream would hold for its whole timeout.
     */
    static final int MCP_SESSIONS_PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;

    private final int phase;

    private final Runnable step;

    private volatile boolean running;

    ShutdownStep(int phase, Runnable step) {
        this.phase = phase;
        this.step = step;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        try {
            step.run();
        }
        finally {
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }
}
