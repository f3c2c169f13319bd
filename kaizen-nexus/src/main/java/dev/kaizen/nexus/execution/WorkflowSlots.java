package dev.kaizen.nexus.execution;

import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.FailureKind;

/**
 * The places of one workflow's runs: {@link RunLimits#maxConcurrent()} running, then a FIFO of at
 * most {@link RunLimits#queueLength()} waiting. A run is admitted (or refused as
 * {@code overloaded}) at once; a waiting run is handed its place by the run that ends before it,
 * so places are never lost or doubled, and a waiting run can be withdrawn (cancelled) at any time.
 *
 * <h2>Concurrency</h2>
 * One lock guards the running count and the queue; it is held for a few field updates only,
 * never while waiting.
 */
final class WorkflowSlots {

    private final String workflow;

    private final RunLimits limits;

    private final ReentrantLock lock = new ReentrantLock();

    private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();

    private int running;

    WorkflowSlots(String workflow, RunLimits limits) {
        this.workflow = workflow;
        this.limits = limits;
    }

    /** A run's claim to a place: granted at once, or waiting in the queue. */
    final class Ticket {

        private final CompletableFuture<Void> turn = new CompletableFuture<>();

        private boolean released;

        /** @return whether the run waits for its turn */
        boolean queued() {
            return !turn.isDone();
        }

        /**
         * Waits until the run may go ahead.
         *
         * @throws CallFailure {@code cancelled} if the ticket was withdrawn meanwhile
         */
        void awaitTurn() {
            try {
                turn.get();
            }
            catch (CancellationException | ExecutionException withdrawn) {
                throw CallFailure.of(FailureKind.CANCELLED, "the run was cancelled while it waited for its turn");
            }
            catch (InterruptedException e) {
                withdraw();
                Thread.currentThread().interrupt();
                throw CallFailure.of(FailureKind.CANCELLED, "the run was cancelled while it waited for its turn");
            }
        }

        /** Takes a waiting run out of the queue; it then fails as cancelled. Does nothing once it runs. */
        void withdraw() {
            lock.lock();
            try {
                if (waiting.remove(this)) {
                    turn.cancel(false);
                }
            }
            finally {
                lock.unlock();
            }
        }

        /**
         * Gives the place back (to the next waiting run, if any), or leaves the queue if the run
         * never got one; only the first call counts.
         */
        void release() {
            lock.lock();
            try {
                if (released) {
                    return;
                }
                released = true;
                if (!turn.isDone()) {
                    waiting.remove(this);
                    turn.cancel(false);
                    return;
                }
                if (turn.isCancelled()) {
                    return;
                }
                Ticket next = waiting.poll();
                if (next != null) {
                    next.turn.complete(null); // the place passes on: running stays the same
                }
                else {
                    running--;
                }
            }
            finally {
                lock.unlock();
            }
        }
    }

    /**
     * @return a ticket, granted if a place is free, else waiting in the queue
     * @throws CallFailure {@code overloaded} if the queue is full
     */
    Ticket admit() {
        Ticket ticket = new Ticket();
        lock.lock();
        try {
            if (running < limits.maxConcurrent()) {
                running++;
                ticket.turn.complete(null);
                return ticket;
            }
            if (waiting.size() >= limits.queueLength()) {
                throw CallFailure.of(FailureKind.OVERLOADED, "workflow '" + workflow + "' is at its limit of "
                        + limits.maxConcurrent() + " runs at once and " + limits.queueLength()
                        + " waiting").retryAfter(limits.retryAfter());
            }
            waiting.add(ticket);
            return ticket;
        }
        finally {
            lock.unlock();
        }
    }

    /** @return how many runs hold a place now (for tests and metrics) */
    int running() {
        lock.lock();
        try {
            return running;
        }
        finally {
            lock.unlock();
        }
    }

    /** @return how many runs wait for a place now */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        }
        finally {
            lock.unlock();
        }
    }
}
