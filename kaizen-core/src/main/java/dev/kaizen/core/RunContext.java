package dev.kaizen.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The context of one workflow run: an optional session id, an optional deadline, a cancellation
 * flag, and where the run reports its progress and partial output.
 *
 * <p>A channel creates one per call. {@link #cancel()} may be called from any thread; a run in
 * progress is then interrupted and ends with {@link WorkflowCancelledException}.
 *
 * <p>An agent reports what it is doing with {@link #progress(String)} and
 * {@link #progress(String, double)}, and partial output with {@link #token(String)}; a channel
 * that streams passes them on to its caller ({@link Builder#observer(RunObserver)}), and without
 * one they cost nothing.
 *
 * <h2>Concurrency</h2>
 * The session id and deadline are final. The cancellation flag and its listeners are guarded by
 * this object's monitor, so a listener registered after {@link #cancel()} still runs.
 */
public final class RunContext {

    /** The rule every channel checks session ids against, as a regular expression. */
    public static final String SESSION_ID_PATTERN = "[A-Za-z0-9_-]{1,128}";

    /** The rule in words, for error messages: {@code sessionId: <rule>}. */
    public static final String SESSION_ID_RULE = "must be 1 to 128 characters of letters, digits, '_' or '-'";

    private static final Pattern SESSION_ID = Pattern.compile(SESSION_ID_PATTERN);

    private final @Nullable String sessionId;

    private final @Nullable SessionState session;

    private final @Nullable Duration timeout;

    private final RunObserver observer;

    /** {@link System#nanoTime()} at which the deadline passes; meaningful only with a timeout. */
    private final long deadlineNanos;

    /** Guarded by {@code this}. */
    private boolean cancelled;

    private volatile @Nullable RunGuard guard;

    /** Guarded by {@code this}; created on first use, since most runs are never cancelled. */
    private @Nullable List<Runnable> cancelListeners;

    private RunContext(Builder builder) {
        this.session = builder.session;
        this.sessionId = builder.session != null ? builder.session.id() : builder.sessionId;
        this.timeout = builder.timeout;
        this.observer = builder.observer;
        this.deadlineNanos = builder.timeout == null ? 0 : System.nanoTime() + builder.timeout.toNanos();
    }

    /**
     * @return a context with no session and no deadline of its own
     */
    public static RunContext create() {
        return new Builder().build();
    }

    /**
     * @return a builder for a context
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the session this run belongs to, if any
     */
    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    /**
     * @return the state of the session this run belongs to, when the channel resolved one
     */
    public Optional<SessionState> session() {
        return Optional.ofNullable(session);
    }

    /**
     * @return the time left before the deadline (zero once it has passed), or empty when this
     *     context sets no deadline (the agent's own timeout still applies)
     */
    public Optional<Duration> remaining() {
        if (timeout == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())));
    }

    /**
     * Reports what the run is doing now, when how much is done is not known.
     *
     * @param message for a person to read, such as {@code "searching the catalogue"}
     */
    public void progress(String message) {
        report(message, null);
    }

    /**
     * Reports what the run is doing now and how much is done.
     *
     * @param message for a person to read
     * @param fraction how much is done, from 0 to 1
     * @throws IllegalArgumentException if the fraction is outside 0 to 1
     */
    public void progress(String message, double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("progress fraction must be from 0 to 1, was " + fraction);
        }
        report(message, fraction);
    }

    /**
     * Reports the next piece of the run's output as it is produced.
     *
     * @param text the piece, such as the text of one chunk of a model's streamed answer
     */
    public void token(String text) {
        Objects.requireNonNull(text, "text");
        tell(() -> observer.token(text));
    }

    /**
     * @return whether the caller wants the output as it is produced ({@link #token(String)}): an
     *     agent that can stream its model's answer then does
     */
    public boolean streaming() {
        return observer.wantsTokens();
    }

    private void report(String message, @Nullable Double fraction) {
        Objects.requireNonNull(message, "message");
        tell(() -> observer.progress(message, fraction));
    }

    /**
     * Tells the observer something, unless the run was stopped already. On the run's own thread
     * the run's deadline or a cancel does not interrupt the observer (whose channel may be writing
     * to the caller's socket, which an interrupt would close) but the run right after it.
     */
    private void tell(Runnable observerCall) {
        RunGuard guarding = guard;
        boolean shielded = guarding != null && guarding.enterShield();
        if (guarding != null && !shielded && !guarding.running()) {
            return; // stopped: the caller hears nothing more of this run
        }
        try {
            observerCall.run();
        }
        catch (RuntimeException observerFailure) {
            // The observer's problem (a caller who left, say), not the run's: the channel cancels if it must.
        }
        finally {
            if (shielded) {
                guarding.leaveShield();
            }
        }
    }

    /**
     * Sets the guard of the run in progress, while {@link Workflow} runs the agent.
     *
     * @return the guard it replaces (an enclosing run's, or {@code null}), to restore afterwards
     */
    @Nullable RunGuard guardedBy(@Nullable RunGuard guard) {
        RunGuard replaced = this.guard;
        this.guard = guard;
        return replaced;
    }

    /**
     * @return whether {@link #cancel()} has been called
     */
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Cancels the run: interrupts the agent if it is running and makes the run fail. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = cancelListeners == null ? List.of() : List.copyOf(cancelListeners);
        }
        toRun.forEach(Runnable::run);
    }

    /**
     * @param sessionId a candidate session id
     * @return whether it follows {@link #SESSION_ID_PATTERN}
     */
    public static boolean isValidSessionId(@Nullable String sessionId) {
        return sessionId != null && SESSION_ID.matcher(sessionId).matches();
    }

    /**
     * Runs {@code listener} when the run is cancelled (on the cancelling thread), at once if it is
     * cancelled already: for work of the run's that an interrupt does not reach, such as a place
     * in a queue or an HTTP call.
     *
     * @param listener what to do; it must not block
     */
    public void onCancel(Runnable listener) {
        synchronized (this) {
            if (!cancelled) {
                if (cancelListeners == null) {
                    cancelListeners = new ArrayList<>(1);
                }
                cancelListeners.add(listener);
                return;
            }
        }
        listener.run();
    }

    /** Builds a {@link RunContext}; the deadline starts counting at {@link #build()}. */
    public static final class Builder {

        private @Nullable String sessionId;

        private @Nullable SessionState session;

        private @Nullable Duration timeout;

        private RunObserver observer = RunObserver.NONE;

        private Builder() {
        }

        /**
         * @param observer hears the run's progress and partial output; {@link RunObserver#NONE} by default
         * @return this builder
         */
        public Builder observer(RunObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * @param sessionId 1 to 128 characters of {@code [A-Za-z0-9_-]}, or {@code null}
         * @return this builder
         */
        public Builder sessionId(@Nullable String sessionId) {
            if (sessionId != null && !isValidSessionId(sessionId)) {
                throw new IllegalArgumentException("session id " + SESSION_ID_RULE);
            }
            this.sessionId = sessionId;
            return this;
        }

        /**
         * @param session the session this run belongs to, whose id becomes the session id
         * @return this builder
         */
        public Builder session(@Nullable SessionState session) {
            this.session = session;
            return this;
        }

        /**
         * @param timeout how long the run may take from {@link #build()}; positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * @return the context
         */
        public RunContext build() {
            return new RunContext(this);
        }
    }
}
