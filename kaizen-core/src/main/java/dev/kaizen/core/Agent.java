package dev.kaizen.core;

import java.util.Map;

/**
 * An AI agent: a named piece of work with a {@link Signature}, written once and served on every
 * channel.
 *
 * <p>Implementations must be immutable and safe to call from many threads at once. Use
 * {@link ChatAgent} for agents backed by a language model and {@link FunctionAgent} for plain
 * Java code.
 */
public interface Agent {

    /**
     * @return the agent's name, not blank
     */
    String name();

    /**
     * @return what the agent does, in a sentence; shown to MCP clients and in help texts
     */
    String description();

    /**
     * @return what the agent takes and gives back
     */
    Signature signature();

    /**
     * The agent's configuration, resolved: the provider and model actually in use, the
     * effective system prompt.
     *
     * @return the resolved configuration
     */
    AgentConfig config();

    /**
     * Runs the agent once.
     *
     * @param inputs inputs already validated and normalised against {@link #signature()}
     * @return the output fields
     */
    Map<String, Object> run(Map<String, Object> inputs);

    /**
     * Runs the agent once, with the context of the call (session, deadline, cancellation).
     * Agents that need the context override this; the default ignores it.
     *
     * @param inputs inputs already validated and normalised against {@link #signature()}
     * @param context the call's context
     * @return the output fields
     */
    default Map<String, Object> run(Map<String, Object> inputs, RunContext context) {
        return run(inputs);
    }

    /**
     * A SHA-256 over the canonical form of everything that changes the agent's behaviour: name,
     * description, resolved provider, base URL, model, temperature, max tokens, effective system
     * prompt, timeout and the signature's structure. Never over object identity: two agents built
     * the same way have the same fingerprint.
     *
     * @return 64 lower-case hex digits
     */
    default String fingerprint() {
        return Fingerprints.of(this);
    }

    /**
     * Builds the immutable, executable form of this agent.
     *
     * @return the workflow
     */
    default Workflow toWorkflow() {
        return Workflow.of(this);
    }
}
