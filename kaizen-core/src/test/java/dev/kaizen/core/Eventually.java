package dev.kaizen.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for what a test asserts, with a deadline, instead of assuming it has happened when a call
 * returns: notifications, events, log lines and metrics often reach the test on other threads, and
 * later than the answer when the machine is busy (a CI runner under other work).
 * <p>
 * Readings are a few milliseconds apart rather than back to back: on a machine with two cores a
 * spinning test thread takes the CPU from the very threads it is waiting for.
 */
public final class Eventually {

    /**
     * How long a test waits for something that normally takes milliseconds. Only a failing test
     * waits this long, so it is generous: a cold JVM's first model call, on a machine with a load
     * many times its cores, has taken more than 10 s.
     */
    public static final Duration DEADLINE = Duration.ofSeconds(30);

    /** {@link #DEADLINE} in seconds, for a latch's or a future's own timed wait. */
    public static final long SECONDS = DEADLINE.toSeconds();

    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private Eventually() {
    }

    /**
     * Reads {@code value} until {@code done} holds for a reading or {@link #DEADLINE} passes.
     *
     * @param value what the test looks at, read afresh each time (a copy, not a live view)
     * @param done whether the reading is complete enough to assert on
     * @return the last reading: the one {@code done} accepted, or what there was at the deadline,
     *     which the caller's assertion then reports
     */
    public static <T> T until(Supplier<T> value, Predicate<? super T> done) {
        return until(DEADLINE, value, done);
    }

    /**
     * As {@link #until(Supplier, Predicate)}, with a deadline of the caller's.
     */
    public static <T> T until(Duration deadline, Supplier<T> value, Predicate<? super T> done) {
        long end = System.nanoTime() + deadline.toNanos();
        T reading = value.get();
        while (!done.test(reading) && System.nanoTime() - end < 0) {
            LockSupport.parkNanos(PAUSE_NANOS);
            reading = value.get();
        }
        return reading;
    }

    /**
     * @param condition what the test waits for; it may act too (one try of an action that can
     *     only succeed once something else has happened)
     * @return whether it held before {@link #DEADLINE}
     */
    public static boolean holds(BooleanSupplier condition) {
        return until(condition::getAsBoolean, Boolean::booleanValue);
    }
}
