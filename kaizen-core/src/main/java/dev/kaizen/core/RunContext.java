package dev.kaizen.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The context of one workflow run: an optional session id, an optional deadline, and a
 * cancellation flag.
 *
 * <p>A channel creates one per call. {@link #cancel()} may be called from any thread; a run in
 * progress is then interrupted and ends with {@link WorkflowCancelledException}.
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

    /** {@link System#nanoTime()} at which the deadline passes; meaningful only with a timeout. */
    private final long deadlineNanos;

    /** Guarded by {@code this}. */
    private boolean cancelled;

    /** Guarded by {@code this}; created on first use, since most runs are never cancelled. */
    private @Nullable List<Runnable> cancelListeners;

    private RunContext(Builder builder) {
        this.session = builder.session;
        this.sessionId = builder.session != null ? builder.session.id() : builder.sessionId;
        this.timeout = builder.timeout;
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

    /** Runs {@code listener} on cancellation, at once if the context is already cancelled. */
    void onCancel(Runnable listener) {
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

        private Builder() {
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
