package dev.kaizen.nexus.channel;

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
}
