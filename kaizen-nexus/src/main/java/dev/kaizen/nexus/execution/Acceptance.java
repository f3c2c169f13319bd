package dev.kaizen.nexus.execution;

/**
 * A run accepted to go ahead later, holding its place in its workflow's queue
 * ({@link WorkflowExecutor#accept}).
 */
public final class Acceptance {

    private final WorkflowSlots.Ticket ticket;

    Acceptance(WorkflowSlots.Ticket ticket) {
        this.ticket = ticket;
    }

    WorkflowSlots.Ticket ticket() {
        return ticket;
    }

    /** @return whether the run still waits for a place to run */
    public boolean queued() {
        return ticket.queued();
    }

    /** Gives the place back, for a run that will not run after all (it could not be recorded, say). */
    public void release() {
        ticket.release();
    }

    /** Gives the place up: a run not yet started then fails as cancelled; a running one is unaffected. */
    public void withdraw() {
        ticket.withdraw();
    }
}
