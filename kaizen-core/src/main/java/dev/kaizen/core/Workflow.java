package dev.kaizen.core;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The immutable, executable form of an {@link Agent}: its name, signature, JSON Schemas,
 * fingerprint, and {@link #execute}.
 *
 * <h2>Building</h2>
 * {@link #of(Agent)} does the expensive work once (schemas rendered, fingerprint computed).
 * {@link #withAgent(Agent)} binds another agent with the same fingerprint to that work, which is
 * how a deployment cache can reuse it without ever running a stale agent.
 *
 * <h2>Execution</h2>
 * {@link #execute} validates inputs, runs the agent on the calling thread under a deadline guard
 * that interrupts it when the deadline passes or the context is cancelled, validates the outputs,
 * and reports the time taken. The effective deadline is the earlier of the agent's
 * {@link AgentConfig#timeout()} and the context's own. An agent that ignores interrupts still
 * fails with the timeout, once it returns. Safe to call from many threads at once.
 */
public final class Workflow {


    private final Agent agent;

    private final String fingerprint;

    private final Map<String, Object> inputSchema;

    private final Map<String, Object> outputSchema;

    private final String inputSchemaJson;

    private final String outputSchemaJson;

    private Workflow(Agent agent, String fingerprint, Map<String, Object> inputSchema,
            Map<String, Object> outputSchema, String inputSchemaJson, String outputSchemaJson) {
        this.agent = agent;
        this.fingerprint = fingerprint;
        this.inputSchema = inputSchema;
        this.outputSchema = outputSchema;
        this.inputSchemaJson = inputSchemaJson;
        this.outputSchemaJson = outputSchemaJson;
    }

    /**
     * Builds the workflow of an agent.
     *
     * @param agent the agent
     * @return the workflow
     */
    public static Workflow of(Agent agent) {
        Objects.requireNonNull(agent, "agent");
        Signature signature = agent.signature();
        Map<String, Object> inputSchema = signature.inputSchema();
        Map<String, Object> outputSchema = signature.outputSchema();
        return new Workflow(agent, agent.fingerprint(), inputSchema, outputSchema, Json.write(inputSchema),
                Json.write(outputSchema));
    }

    /**
     * Binds another agent to this workflow's built parts (schemas, fingerprint), skipping every
     * expensive step of {@link #of(Agent)}.
     *
     * @param other an agent with the same fingerprint as this workflow
     * @return this workflow if {@code other} is its agent, otherwise a workflow running {@code other}
     * @throws IllegalArgumentException if the fingerprints differ
     */
    public Workflow withAgent(Agent other) {
        Objects.requireNonNull(other, "agent");
        if (other == agent) {
            return this;
        }
        if (!other.fingerprint().equals(fingerprint)) {
            throw new IllegalArgumentException("agent '" + other.name() + "' has fingerprint " + other.fingerprint()
                    + ", not this workflow's " + fingerprint);
        }
        return new Workflow(other, fingerprint, inputSchema, outputSchema, inputSchemaJson, outputSchemaJson);
    }

    /**
     * @return the agent's name
     */
    public String name() {
        return agent.name();
    }

    /**
     * @return the agent's description
     */
    public String description() {
        return agent.description();
    }

    /**
     * @return the agent's signature
     */
    public Signature signature() {
        return agent.signature();
    }

    /**
     * @return the agent's resolved configuration
     */
    public AgentConfig config() {
        return agent.config();
    }

    /**
     * @return the agent this workflow runs
     */
    public Agent agent() {
        return agent;
    }

    /**
     * @return the agent's fingerprint, see {@link Agent#fingerprint()}
     */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * @return the JSON Schema of the inputs, unmodifiable
     */
    public Map<String, Object> inputSchema() {
        return inputSchema;
    }

    /**
     * @return the JSON Schema of the outputs, unmodifiable
     */
    public Map<String, Object> outputSchema() {
        return outputSchema;
    }

    /**
     * @return {@link #inputSchema()} as JSON text
     */
    public String inputSchemaJson() {
        return inputSchemaJson;
    }

    /**
     * @return {@link #outputSchema()} as JSON text
     */
    public String outputSchemaJson() {
        return outputSchemaJson;
    }

    /**
     * Runs the workflow once with a fresh context.
     *
     * @param inputs the inputs as given
     * @return the outputs and timings
     * @see #execute(Map, RunContext)
     */
    public WorkflowResult execute(@Nullable Map<String, ?> inputs) {
        return execute(inputs, RunContext.create());
    }

    /**
     * Runs the workflow once.
     *
     * @param inputs the inputs as given; validated and normalised first
     * @param context the call's session, deadline and cancellation
     * @return the validated outputs and timings
     * @throws InvalidInputException if the inputs do not fit the signature
     * @throws SessionRequiredException if the signature requires a session and the context has none
     * @throws AgentOutputException if the agent's answer does not fit the outputs
     * @throws AgentExecutionException if the agent throws
     * @throws WorkflowTimeoutException if the deadline passes first
     * @throws WorkflowCancelledException if the context is cancelled first
     */
    public WorkflowResult execute(@Nullable Map<String, ?> inputs, RunContext context) {
        Objects.requireNonNull(context, "context");
        long started = System.nanoTime();
        Map<String, Object> validInputs = agent.signature().validateInputs(inputs);
        if (agent.signature().requiresSession() && context.sessionId().isEmpty()) {
            throw new SessionRequiredException(name());
        }
        Duration timeout = effectiveTimeout(context);
        if (context.isCancelled()) {
            throw new WorkflowCancelledException(name());
        }

        long agentStarted = System.nanoTime();
        RunGuard guard = new RunGuard(timeout.toNanos());
        context.onCancel(guard::cancel);
        RunGuard outer = context.guardedBy(guard);
        Map<String, Object> rawOutputs = null;
        RuntimeException failure = null;
        try {
            rawOutputs = agent.run(validInputs, context);
        }
        catch (RuntimeException e) {
            failure = e;
        }
        catch (Error e) {
            context.guardedBy(outer);
            guard.finish();
            throw e;
        }
        catch (Throwable sneaky) {
            // A checked exception thrown without being declared (Kotlin and some clients do, an
            // interrupted retry sleep, say): an agent failure like any other, never let through.
            failure = new AgentExecutionException(agent.name(), sneaky);
        }
        context.guardedBy(outer);
        RunGuard.Outcome outcome = guard.finish();
        long agentNanos = System.nanoTime() - agentStarted;
        switch (outcome) {
            case TIMED_OUT -> throw new WorkflowTimeoutException(name(), timeout);
            case CANCELLED -> throw new WorkflowCancelledException(name());
            case FINISHED -> {
                if (failure instanceof KaizenException known) {
                    throw known;
                }
                if (failure != null) {
                    throw new AgentExecutionException(agent.name(), failure);
                }
            }
        }
        Map<String, Object> outputs = agent.signature().validateOutputs(agent.name(), rawOutputs);
        return new WorkflowResult(outputs, Duration.ofNanos(System.nanoTime() - started), Duration.ofNanos(agentNanos));
    }

    private Duration effectiveTimeout(RunContext context) {
        Duration own = agent.config().timeout();
        return context.remaining().filter(remaining -> remaining.compareTo(own) < 0).orElse(own);
    }

    @Override
    public String toString() {
        return "Workflow[" + name() + ", " + fingerprint.substring(0, 12) + "]";
    }
}
