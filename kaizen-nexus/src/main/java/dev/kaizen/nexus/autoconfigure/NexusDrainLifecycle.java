package dev.kaizen.nexus.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

import dev.kaizen.nexus.Nexus;

/**
 * Drains the Nexus's calls when the application stops (SIGTERM, {@code context.close()}): new
 * calls are refused with {@code shutting-down}, running ones get the drain timeout to finish, and
 * those still running are cancelled and answer {@code shutting-down} while their connections are
 * still open. Its phase puts it before the web server's graceful shutdown, which then only waits
 * for those answers to be written.
 */
final class NexusDrainLifecycle implements SmartLifecycle {

    /**
     * Before the web server's graceful shutdown, so its connections are still open, and before the
     * MCP sessions close ({@link McpHttpShutdown#PHASE}), so MCP calls answer on their streams.
     */
    static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 2;

    private static final Logger log = LoggerFactory.getLogger(NexusDrainLifecycle.class);

    private final Nexus nexus;

    private volatile boolean running;

    NexusDrainLifecycle(Nexus nexus) {
        this.nexus = nexus;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        int inFlight = nexus.callsInFlight();
        if (inFlight > 0) {
            log.info("Draining {} running calls (up to {} ms)", inFlight, nexus.drainTimeout().toMillis());
        }
        int cancelled = nexus.drain();
        if (cancelled > 0) {
            log.warn("{} calls were still running after {} ms and were cancelled; they answered shutting-down",
                    cancelled, nexus.drainTimeout().toMillis());
        }
        this.running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
