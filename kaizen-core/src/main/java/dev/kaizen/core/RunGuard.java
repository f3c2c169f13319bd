package dev.kaizen.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Guards one agent run on the calling thread: interrupts that thread when the deadline passes or
 * the run is cancelled, and makes sure no interrupt leaks out of the run afterwards.
 *
 * <h2>Why not a thread or a timer per run</h2>
 * Handing each run to a thread of its own costs two context switches; a timer entry per run wakes
 * the timer thread whenever it becomes the earliest. Either costs microseconds of CPU per call.
 * Instead a run joins a concurrent set, and one daemon watchdog looks at the set every
 * {@value #TICK_MILLIS} ms: a deadline is honoured within that tick, and a run costs a set add and
 * remove. The price: an agent that ignores interrupts can overrun its deadline before the run
 * fails with the timeout.
 *
 * <h2>Concurrency</h2>
 * One state word, moved by compare-and-set: RUNNING to DONE (the run finished first), or to
 * TIMED_OUT or CANCELLED (the watchdog or a cancel came first), which then interrupts the thread
 * and moves on to INTERRUPTED. A run that lost the race waits for INTERRUPTED before it clears the
 * thread's interrupt status, so the interrupt can never arrive after the run has returned.
 */
final class RunGuard {

    static final long TICK_MILLIS = 5;

    private static final int RUNNING = 0;

    private static final int DONE = 1;

    private static final int TIMED_OUT = 2;

    private static final int CANCELLED = 3;

    private static final int INTERRUPTED = 4;

    private static final Set<RunGuard> ACTIVE = ConcurrentHashMap.newKeySet();

    static {
        Thread.ofPlatform().daemon().name("kaizen-run-deadlines").start(RunGuard::watch);
    }

    private final Thread runner = Thread.currentThread();

    private final AtomicInteger state = new AtomicInteger(RUNNING);

    private final long deadlineNanos;

    private volatile int reason;

    RunGuard(long timeoutNanos) {
        this.deadlineNanos = System.nanoTime() + timeoutNanos;
        ACTIVE.add(this);
    }

    /** Stops the run because it was cancelled. */
    void cancel() {
        stop(CANCELLED);
    }

    private void stop(int why) {
        if (state.compareAndSet(RUNNING, why)) {
            reason = why;
            runner.interrupt();
            state.set(INTERRUPTED);
        }
    }

    /** The outcome of a finished run. */
    enum Outcome {
        FINISHED, TIMED_OUT, CANCELLED
    }

    /**
     * Ends the guard on the running thread, after the agent returned or threw.
     *
     * @return whether the run finished in time, or was stopped
     */
    Outcome finish() {
        ACTIVE.remove(this);
        if (state.compareAndSet(RUNNING, DONE)) {
            return Outcome.FINISHED;
        }
        while (state.get() != INTERRUPTED) {
            Thread.onSpinWait(); // the stopper is between its compare-and-set and its interrupt
        }
        Thread.interrupted(); // the interrupt was for this run only
        return reason == CANCELLED ? Outcome.CANCELLED : Outcome.TIMED_OUT;
    }

    private static void watch() {
        while (true) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            long now = System.nanoTime();
            for (RunGuard guard : ACTIVE) {
                if (now - guard.deadlineNanos >= 0) {
                    guard.stop(TIMED_OUT);
                }
            }
        }
    }
}
