package dev.kaizen.nexus.channel;

import org.jspecify.annotations.Nullable;

/**
 * One run in progress, as {@link RunListener#started(RunHandle)} gives it to a channel.
 *
 * @param runId a new random id for this run, for the caller and the logs
 * @param sessionId the session the run belongs to, or {@code null}
 * @param cancel cancels the run from any thread: the agent's thread is interrupted, its model call
 *     closed, and the call fails with {@code cancelled}
 */
public record RunHandle(String runId, @Nullable String sessionId, Runnable cancel) {

    /** Cancels the run; cancelling twice, or a finished run, does nothing. */
    public void cancelRun() {
        cancel.run();
    }
}
