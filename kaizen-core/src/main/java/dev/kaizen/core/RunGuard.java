package dev.kaizen.core;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Guards one agent run on the calling thread: interrupts that thread when the deadline passes or
 * the run is cancelled, and makes sure no interrupt leaks out of the run afterwards.
 *
 * <h2>Why not a thread per run</h2>
 * Handing each run to a thread of its own and waiting for it costs two context switches, tens of
 * microseconds on a busy machine; a timer entry costs well under one. The price: an agent that
 * ignores interrupts can overrun its deadline before the run fails with the timeout.
 *
 * <h2>Concurrency</h2>
 * One state word, moved by compare-and-set: RUNNING to DONE (the run finished first), or to
 * TIMED_OUT or CANCELLED (the timer or a cancel came first), which then interrupts the thread and
 * moves on to INTERRUPTED. A run that lost the race waits for INTERRUPTED before it clears the
 * thread's interrupt status, so the interrupt can never arrive after the run has returned.
 */
final class RunGuard {

    private static final int RUNNING = 0;

    private static final int DONE = 1;

    private static final int TIMED_OUT = 2;

    private static final int CANCELLED = 3;

    private static final int INTERRUPTED = 4;

    private static final ScheduledThreadPoolExecutor TIMERS = timers();

    private final Thread runner = Thread.currentThread();

    private final AtomicInteger state = new AtomicInteger(RUNNING);

    private volatile int reason;

    private final ScheduledFuture<?> timer;

    RunGuard(long timeoutNanos) {
        this.timer = TIMERS.schedule(() -> stop(TIMED_OUT), timeoutNanos, TimeUnit.NANOSECONDS);
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
        timer.cancel(false);
        if (state.compareAndSet(RUNNING, DONE)) {
            return Outcome.FINISHED;
        }
        while (state.get() != INTERRUPTED) {
            Thread.onSpinWait(); // the stopper is between its compare-and-set and its interrupt
        }
        Thread.interrupted(); // the interrupt was for this run only
        return reason == CANCELLED ? Outcome.CANCELLED : Outcome.TIMED_OUT;
    }

    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("kaizen-run-deadlines").factory());
        // Finished runs take their timers out at once, so the queue holds only runs in progress.
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }
}
