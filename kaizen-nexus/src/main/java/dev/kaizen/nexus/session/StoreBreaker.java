package dev.kaizen.nexus.session;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker in front of a remote store (the sessions', and the runs' on the same Redis):
 * after a failure, calls fail at once for a while instead of each waiting out a timeout, and one
 * call at a time probes whether the store answers again. An outage is logged once when it starts
 * and once when it ends, not once per call. Safe for use by many threads.
 */
public final class StoreBreaker {

    private static final Logger log = LoggerFactory.getLogger(StoreBreaker.class);

    private final String store;

    private final String where;

    private final long openNanos;

    private final AtomicBoolean down = new AtomicBoolean();

    /** While down: the {@link System#nanoTime()} at which the next probe may go. */
    private final AtomicLong nextProbe = new AtomicLong();

    /**
     * @param where the session store in words, such as {@code Redis at 127.0.0.1:6379}
     * @param open how long calls fail at once after a failure before one probes again
     */
    StoreBreaker(String where, Duration open) {
        this("session store", where, open);
    }

    /**
     * @param store what the store is, in words, such as {@code run store}
     * @param where where it is, such as {@code Redis at 127.0.0.1:6379}
     * @param open how long calls fail at once after a failure before one probes again
     */
    public StoreBreaker(String store, String where, Duration open) {
        this.store = store;
        this.where = where;
        this.openNanos = open.toNanos();
    }

    /**
     * @param command a call to the store that throws {@link SessionStoreUnavailableException} when
     *     the store fails
     * @return what the call returned
     * @throws SessionStoreUnavailableException at once while the store is down, or from the call
     */
    public <T> T call(Supplier<T> command) {
        if (down.get()) {
            long probeAt = nextProbe.get();
            if (System.nanoTime() - probeAt < 0 || !nextProbe.compareAndSet(probeAt, System.nanoTime() + openNanos)) {
                throw new SessionStoreUnavailableException("the " + store + " (" + where
                        + ") is unavailable; try again shortly", retryAfter());
            }
        }
        try {
            T result = command.get();
            if (down.compareAndSet(true, false)) {
                log.info("The {} ({}) is reachable again", store, where);
            }
            return result;
        }
        catch (SessionStoreUnavailableException e) {
            nextProbe.set(System.nanoTime() + openNanos);
            if (down.compareAndSet(false, true)) {
                log.warn("{}; calls fail at once, and one call every {} ms checks whether it is back",
                        e.getMessage(), Duration.ofNanos(openNanos).toMillis());
            }
            throw e;
        }
    }

    /**
     * @return whether the store failed last time it was called
     */
    public boolean isDown() {
        return down.get();
    }

    /**
     * @return how long a caller should wait before trying again
     */
    public Duration retryAfter() {
        return Duration.ofNanos(openNanos);
    }
}
