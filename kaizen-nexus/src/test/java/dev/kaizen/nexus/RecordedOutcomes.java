package dev.kaizen.nexus;

import io.micrometer.core.instrument.Timer;

import dev.kaizen.core.Eventually;
import dev.kaizen.nexus.metrics.Outcome;

/** The calls a Nexus's metrics recorded, by operation, workflow and outcome, as tests read them. */
public final class RecordedOutcomes {

    private RecordedOutcomes() {
    }

    /** @return how many calls of {@code workflow} in {@code operation} (api, mcp, cli) ended with {@code outcome} */
    public static long count(Nexus nexus, String operation, String workflow, Outcome outcome) {
        Timer timer = nexus.metrics().meterRegistry().find("kaizen." + operation)
                .tags("workflow", workflow, "outcome", outcome.tag()).timer();
        return timer == null ? 0 : timer.count();
    }

    /**
     * Waits (up to {@link Eventually#DEADLINE}) until the count is more than {@code before}, since a run's outcome is
     * recorded after its caller may have been answered.
     *
     * @return the count then
     */
    public static long awaitMore(Nexus nexus, String operation, String workflow, Outcome outcome, long before) {
        return Eventually.until(() -> count(nexus, operation, workflow, outcome), count -> count > before);
    }
}
