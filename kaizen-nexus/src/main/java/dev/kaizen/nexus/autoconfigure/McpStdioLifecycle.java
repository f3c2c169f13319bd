package dev.kaizen.nexus.autoconfigure;

import java.io.FileDescriptor;
import java.io.FileOutputStream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.mcp.McpStdioServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves MCP over the process's stdin and real stdout once the context is up, and ends the
 * application when the client closes stdin, as stdio MCP servers do, once the requests it sent
 * before are answered.
 *
 * <p>A lifecycle bean, not an {@code ApplicationRunner}: any runner bean would silently disable
 * Spring Shell's own runner. {@link NexusEnvironmentDefaults} has already pointed
 * {@code System.out} at stderr, so only protocol messages reach file descriptor 1.
 */
final class McpStdioLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(McpStdioLifecycle.class);

    private final Nexus nexus;

    private final JsonMapper json;

    private final ConfigurableApplicationContext context;

    private volatile McpStdioServer server;

    private volatile @Nullable Thread watcher;

    McpStdioLifecycle(Nexus nexus, JsonMapper json, ConfigurableApplicationContext context) {
        this.nexus = nexus;
        this.json = json;
        this.context = context;
    }

    @Override
    public void start() {
        McpStdioServer serving = McpStdioServer.serve(nexus, json, System.in, new FileOutputStream(FileDescriptor.out));
        server = serving;
        log.info("Serving {} MCP tools on stdio", nexus.registry().size());
        // Not a daemon: once the SDK's reader has met the end of stdin, this thread alone keeps the
        // JVM up until the last answers are written and the context is closed.
        watcher = Thread.ofPlatform().name("kaizen-mcp-stdio-watch").start(() -> exitWhenInputCloses(serving));
    }

    private void exitWhenInputCloses(McpStdioServer serving) {
        try {
            serving.awaitClosed(); // after the answers to what the client sent before closing
            log.info("stdin closed; shutting down");
            System.exit(SpringApplication.exit(context));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        Thread watching = watcher;
        if (watching != null && watching != Thread.currentThread()) {
            watching.interrupt(); // the context closes otherwise (SIGTERM): nothing left to wait for
        }
        McpStdioServer running = server;
        if (running != null) {
            running.close();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
