package dev.kaizen.nexus.metrics;

import java.util.Locale;

/** How a timed operation ended, as the {@code outcome} tag says. */
public enum Outcome {

    /** It completed. */
    SUCCESS,
    /** It threw, or a call failed. */
    ERROR,
    /** It was cancelled before it finished. */
    CANCELLED;

    /**
     * @return the tag value, in lower case
     */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
