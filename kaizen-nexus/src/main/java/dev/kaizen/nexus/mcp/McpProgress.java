package dev.kaizen.nexus.mcp;

import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.channel.RunHandle;
import dev.kaizen.nexus.channel.RunListener;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;

/**
 * One tool call's run, as MCP sees it: when the call carried a {@code progressToken}, each progress
 * report and each token is a {@code notifications/progress} (progress counts the reports; the
 * message is the report's text, with the percentage when known, or the token's text); and the run
 * is filed in {@link McpRuns} while it runs, so that the client can cancel it.
 */
final class McpProgress implements RunListener, AutoCloseable {

    private final McpSyncServerExchange exchange;

    private final @Nullable Object progressToken;

    private final McpRuns runs;

    private final @Nullable String runKey;

    /**
     * Held while a notification is sent, and by {@link #close()}: after the call's handler closed
     * this, nothing more is sent, since the SDK ends the whole MCP session when a notification is
     * written to an answer stream that already carries the result (a cancelled run's thread can
     * still be handing over tokens when its call answers).
     */
    private final ReentrantLock sending = new ReentrantLock();

    private boolean closed;

    private int sent;

    private volatile @Nullable RunHandle run;

    McpProgress(McpSyncServerExchange exchange, @Nullable Object progressToken, McpRuns runs, @Nullable String runKey) {
        this.exchange = exchange;
        this.progressToken = progressToken;
        this.runs = runs;
        this.runKey = runKey;
    }

    @Override
    public void started(RunHandle handle) {
        this.run = handle;
        if (runKey != null) {
            runs.started(runKey, handle);
        }
    }

    @Override
    public void progress(String message, @Nullable Double fraction) {
        send(RunListener.progressText(message, fraction));
    }

    @Override
    public void token(String text) {
        send(text);
    }

    @Override
    public boolean wantsTokens() {
        return progressToken != null;
    }

    private void send(String message) {
        if (progressToken == null) {
            return;
        }
        sending.lock();
        try {
            if (!closed) {
                exchange.progressNotification(new ProgressNotification(progressToken, ++sent, null, message));
            }
        }
        finally {
            sending.unlock();
        }
    }

    @Override
    public void close() {
        sending.lock();
        try {
            closed = true;
        }
        finally {
            sending.unlock();
        }
        RunHandle handle = run;
        if (runKey != null && handle != null) {
            runs.ended(runKey, handle);
        }
    }
}
