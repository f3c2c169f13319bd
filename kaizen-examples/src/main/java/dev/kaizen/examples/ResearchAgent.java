package dev.kaizen.examples;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.kaizen.core.AbstractAgent;
import dev.kaizen.core.AgentConfig;
import dev.kaizen.core.FieldError;
import dev.kaizen.core.FieldType;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.InvalidInputException;
import dev.kaizen.core.RunContext;
import dev.kaizen.core.Signature;
import dev.kaizen.core.WorkflowCancelledException;

/**
 * The slow example: "researches" a topic offline in steps of about a second each, so there is time
 * to watch what a long run does. Before each step it reports {@code researching step i of n} (with
 * the fraction done), after it the step's finding as output; a streamed call shows both as they
 * happen, and a cancel (a client leaving, Ctrl-C, {@code DELETE /api/runs/{id}}) ends it at once.
 *
 * <p>Each step is a timed wait on the run's cancellation, not a sleep: a cancel wakes it even if
 * nothing interrupts the thread, and an interrupt (a cancel or the deadline) ends it too.
 */
final class ResearchAgent extends AbstractAgent {

    /** Steps when the caller names none: five seconds, long enough to press Ctrl-C. */
    static final int DEFAULT_STEPS = 5;

    /** The most steps a call may ask for: twenty seconds, well inside the agent's 60 s timeout. */
    static final int MAX_STEPS = 20;

    /** How long each step takes in the example app. */
    static final Duration STEP = Duration.ofSeconds(1);

    private static final List<String> ANGLES = List.of("what %s is", "where %s comes from", "who uses %s",
            "what %s costs", "what can go wrong with %s", "how %s is measured", "what people say about %s",
            "what comes next for %s");

    private final Duration step;

    ResearchAgent() {
        this(STEP);
    }

    /** @param step how long each step takes (tests take shorter or longer ones) */
    ResearchAgent(Duration step) {
        super("research", "Researches a topic offline in steps of about a second, reporting progress as it goes."
                + " Try it streamed (Accept: text/event-stream), cancel it (Ctrl-C, or Prefer: respond-async then"
                + " DELETE /api/runs/{id}), or start several to watch them queue",
                Signature.builder()
                        .optionalInput("topic", FieldType.STRING, "What to research", "Kaizen")
                        .optionalInput("steps", FieldType.INTEGER,
                                "How many steps, 1 to " + MAX_STEPS + ", about a second each", DEFAULT_STEPS)
                        .output("report", FieldType.STRING, "One line per step: what it looked into")
                        .build(),
                AgentConfig.builder().provider(FunctionAgent.PROVIDER).build());
        this.step = step;
    }

    @Override
    public Map<String, Object> run(Map<String, Object> inputs, RunContext context) {
        String topic = (String) inputs.get("topic");
        long steps = (Long) inputs.get("steps");
        if (steps < 1 || steps > MAX_STEPS) {
            throw new InvalidInputException(
                    List.of(new FieldError("steps", "must be from 1 to " + MAX_STEPS + ", got " + steps)));
        }
        CountDownLatch cancelled = new CountDownLatch(1);
        context.onCancel(cancelled::countDown);
        StringBuilder report = new StringBuilder();
        for (int i = 1; i <= steps; i++) {
            context.progress("researching step " + i + " of " + steps, (i - 1) / (double) steps);
            awaitStep(cancelled);
            String finding = "Step " + i + ": looked into " + ANGLES.get((i - 1) % ANGLES.size()).formatted(topic)
                    + ".\n";
            context.token(finding);
            report.append(finding);
        }
        return Map.of("report", report.toString().strip());
    }

    /** Waits one step, or less if the run is cancelled or interrupted meanwhile. */
    private void awaitStep(CountDownLatch cancelled) {
        try {
            if (cancelled.await(step.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new WorkflowCancelledException(name());
            }
        }
        catch (InterruptedException e) {
            // The run's deadline or a cancel: the workflow reports which; the agent only stops.
            Thread.currentThread().interrupt();
            throw new WorkflowCancelledException(name());
        }
    }
}
