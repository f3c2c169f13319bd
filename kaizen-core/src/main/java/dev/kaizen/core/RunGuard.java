package dev.kaizen.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Guards one agent run on the calling thread: interrupts that thread when the deadline passes or
 * the run is cancelled, and makes sure no interrupt leaks out of the run afterwards.
 *
 * <h2>Why not a thread or a timer per run</h2>
 * Handing each run to a thread of its own costs two context switches; a timer entry per run costs
 * a lock. Instead a run joins a concurrent set, and one daemon watchdog sleeps until the earliest
 * deadline in the set. A new run wakes the watchdog only when its deadline is earlier than the one
 * it sleeps towards (rare: runs mostly share one timeout, so each new deadline is later). With no
 * run active the watchdog sleeps without a timeout and costs nothing (runs that end do not wake it:
 * it wakes once at the deadline it was sleeping towards, finds nothing, and sleeps for good). The
 * price: an agent that
 * ignores interrupts can overrun its deadline before the run fails with the timeout.
 *
 * <h2>Concurrency</h2>
 * One state word, moved by compare-and-set: RUNNING to DONE (the run finished first), or to
 * TIMED_OUT or CANCELLED (the watchdog or a cancel came first), which then interrupts the thread
 * and moves on to INTERRUPTED. A run that lost the race waits for INTERRUPTED before it clears the
 * thread's interrupt status, so the interrupt can never arrive after the run has returned. While
 * the runner is SHIELDED (telling its caller something), a stop moves the state to a pending
 * TIMED_OUT or CANCELLED instead, and the runner interrupts itself as it leaves the section.
 *
 * <p>The watchdog publishes the deadline it sleeps towards before its final scan of the set, and
 * a new run joins the set before it reads that deadline: either the scan sees the run, or the run
 * sees the published deadline and wakes the watchdog if its own is earlier.
 */
final class RunGuard {

    private static final int RUNNING = 0;

    private static final int DONE = 1;

    private static final int TIMED_OUT = 2;

    private static final int CANCELLED = 3;

    private static final int INTERRUPTED = 4;

    /** The runner is in a shielded section: telling its caller something, which no interrupt may break. */
    private static final int SHIELDED = 5;

    /** Added to TIMED_OUT or CANCELLED: the stop came during a shielded section, which interrupts on leaving. */
    private static final int PENDING = 10;

    private static final Set<RunGuard> ACTIVE = ConcurrentHashMap.newKeySet();

    /** The {@link System#nanoTime()} the watchdog sleeps until (meaningful while not {@link #idle}). */
    private static volatile long nextWakeNanos;

    /** Set while the watchdog sleeps without a deadline. */
    private static volatile boolean idle = true;

    private static final Thread WATCHDOG = Thread.ofPlatform().daemon().name("kaizen-run-deadlines")
            .start(RunGuard::watch);

    private final Thread runner = Thread.currentThread();

    private final AtomicInteger state = new AtomicInteger(RUNNING);

    private final long deadlineNanos;

    private volatile int reason;

    RunGuard(long timeoutNanos) {
        this.deadlineNanos = System.nanoTime() + timeoutNanos;
        ACTIVE.add(this);
        if (idle || deadlineNanos - nextWakeNanos < 0) {
            LockSupport.unpark(WATCHDOG);
        }
    }

    /** Stops the run because it was cancelled. */
    void cancel() {
        stop(CANCELLED);
    }

    private void stop(int why) {
        while (true) {
            if (state.compareAndSet(RUNNING, why)) {
                reason = why;
                runner.interrupt();
                state.set(INTERRUPTED);
                return;
            }
            if (state.compareAndSet(SHIELDED, PENDING + why)) {
                return; // the runner interrupts itself when it leaves the section
            }
            int now = state.get();
            if (now != RUNNING && now != SHIELDED) {
                return; // finished, or stopped already
            }
        }
    }

    /**
     * Enters a section the run's interrupt must not break: the run telling its caller something
     * (a token, a progress report), which a channel may write to a socket on this very thread, and
     * an interrupt during a socket write closes the caller's connection. A stop that comes during
     * the section interrupts the run when it leaves.
     *
     * @return false, and no section is entered, if the run was stopped already or this is not the
     *     run's thread; true if the caller must {@link #leaveShield()}
     */
    boolean enterShield() {
        return Thread.currentThread() == runner && state.compareAndSet(RUNNING, SHIELDED);
    }

    /** Leaves the section {@link #enterShield()} entered; a stop that came meanwhile interrupts now. */
    void leaveShield() {
        if (state.compareAndSet(SHIELDED, RUNNING)) {
            return;
        }
        reason = state.get() - PENDING;
        runner.interrupt();
        state.set(INTERRUPTED);
    }

    /** @return whether the run is still going (not stopped, not finished) */
    boolean running() {
        int now = state.get();
        return now == RUNNING || now == SHIELDED;
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

    /** @return whether the watchdog is asleep with no deadline to wait for (for tests) */
    static boolean watchdogIdle() {
        return idle && WATCHDOG.getState() == Thread.State.WAITING;
    }

    /** @return the watchdog's state in words, for test failure messages */
    static String describeWatchdog() {
        return "idle=" + idle + ", thread " + WATCHDOG.getState() + ", " + ACTIVE.size() + " runs active";
    }

    private static void watch() {
        while (true) {
            long earliest = expireAndFindEarliest();
            boolean none = earliest == Long.MAX_VALUE;
            if (!none) {
                nextWakeNanos = earliest;
            }
            idle = none;
            // Final scan after publishing: a run that joined meanwhile and was not seen has read
            // the published deadline, and unparks us if its own is earlier.
            if (earlierThan(earliest, none)) {
                continue;
            }
            if (none) {
                LockSupport.park(RunGuard.class);
            }
            else {
                LockSupport.parkNanos(RunGuard.class, earliest - System.nanoTime());
            }
            idle = false;
        }
    }

    /** Stops every run past its deadline; returns the earliest deadline left, or MAX_VALUE. */
    private static long expireAndFindEarliest() {
        long now = System.nanoTime();
        long earliest = Long.MAX_VALUE;
        boolean found = false;
        for (RunGuard guard : ACTIVE) {
            if (guard.state.get() != RUNNING) {
                continue; // stopped already; it leaves the set when its agent returns
            }
            if (now - guard.deadlineNanos >= 0) {
                guard.stop(TIMED_OUT);
            }
            else if (!found || guard.deadlineNanos - earliest < 0) {
                earliest = guard.deadlineNanos;
                found = true;
            }
        }
        return found ? earliest : Long.MAX_VALUE;
    }

    private static boolean earlierThan(long earliest, boolean none) {
        for (RunGuard guard : ACTIVE) {
            if (guard.state.get() == RUNNING && (none || guard.deadlineNanos - earliest < 0)) {
                return true;
            }
        }
        return false;
    }
}
