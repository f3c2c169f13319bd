package dev.kaizen.nexus.runs;

import java.util.Locale;

/** Where an accepted run is: waiting for its turn, running, or ended in one of three ways. */
public enum RunStatus {

    /** Accepted, waiting for a place among its workflow's runs. */
    QUEUED,

    /** Running now. */
    RUNNING,

    /** Ended with outputs. */
    SUCCEEDED,

    /** Ended with a problem (including {@code shutting-down}, when the server stopped first). */
    FAILED,

    /** Cancelled by its caller. */
    CANCELLED;

    /** @return whether the run has ended */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** @return the status as the API writes it: {@code queued}, {@code running}, ... */
    public String slug() {
        return name().toLowerCase(Locale.ROOT);
    }
}
