package dev.kaizen.core;

import org.jspecify.annotations.Nullable;

/**
 * Hears what a run reports while it runs: progress, and partial output (tokens) from an agent
 * that can stream. A channel gives one to {@link RunContext.Builder#observer(RunObserver)} to pass
 * them on to its caller: Server-Sent Events on REST, progress notifications on MCP, a progress line
 * in the shell.
 *
 * <p>Calls come on the run's own thread, in order, and should return quickly; a failure of the
 * observer is not the run's (see {@link RunContext#progress(String)}).
 */
public interface RunObserver {

    /** Hears nothing, and wants no tokens. */
    RunObserver NONE = new RunObserver() {
    };

    /**
     * @param message what the run is doing now, for a person to read
     * @param fraction how much is done, from 0 to 1, or {@code null} when not known
     */
    default void progress(String message, @Nullable Double fraction) {
    }

    /**
     * @param text the next piece of the agent's output, as the model wrote it
     */
    default void token(String text) {
    }

    /**
     * @return whether this observer wants tokens: an agent that can stream its model's answer
     *     (a {@link ChatAgent}) then does, and one that cannot just answers as usual
     */
    default boolean wantsTokens() {
        return false;
    }
}
