package dev.kaizen.nexus.autoconfigure;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

import dev.kaizen.nexus.mcp.McpHttpEndpoint;

/**
 * Closes the MCP sessions when the application stops, after the Nexus has drained its calls and
 * before the web server's graceful shutdown. An MCP client's GET stream (the MCP Inspector keeps
 * one open) is a request that never ends by itself: left open, it would hold the graceful
 * shutdown for its whole timeout and then be cut off.
 */
final class McpHttpShutdown implements SmartLifecycle {

    /** After {@link NexusDrainLifecycle#PHASE}, before the web server's graceful shutdown. */
    static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;

    private final McpHttpEndpoint endpoint;

    private volatile boolean running;

    McpHttpShutdown(McpHttpEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        endpoint.close();
        running = false;
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
