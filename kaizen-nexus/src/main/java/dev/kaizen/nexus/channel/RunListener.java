package dev.kaizen.nexus.channel;

import org.jspecify.annotations.Nullable;

import dev.kaizen.core.RunObserver;

/**
 * What a channel hears of one run while it runs: that it has started, with a handle to cancel
 * it, then its progress and partial output ({@link RunObserver}). A channel that streams (REST's
 * Server-Sent Events, MCP's progress notifications, the shell's progress line) passes one to
 * {@link ChannelContext#execute(dev.kaizen.nexus.deploy.Deployment, java.util.Map, String, Caller, RunListener)}
 * and cancels the run through the handle when its caller goes away.
 */
public interface RunListener extends RunObserver {

    /** Hears nothing. */
    RunListener NONE = new RunListener() {
    };

    /**
     * Called on the run's thread once the call is admitted and its session resolved, just before
     * the agent runs.
     *
     * @param run the run: its id, its session, and how to cancel it from any thread
     */
    default void started(RunHandle run) {
    }

    /**
     * A progress report as one line of text, for channels that show text only (MCP's progress
     * message, the shell's progress line).
     *
     * @param message what the run is doing
     * @param fraction how much is done, or {@code null}
     * @return {@code "writing (50%)"}, or the message alone when the fraction is not known
     */
    static String progressText(String message, @Nullable Double fraction) {
        return fraction == null ? message : message + " (" + Math.round(fraction * 100) + "%)";
    }
}
