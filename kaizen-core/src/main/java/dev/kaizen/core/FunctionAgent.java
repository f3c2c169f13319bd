package dev.kaizen.core;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * An agent that runs a plain Java function, for work that needs no model.
 *
 * <pre>{@code
 * Agent upper = FunctionAgent.builder()
 *         .name("upper")
 *         .description("Upper-cases a text")
 *         .signature(Signature.builder()
 *                 .input("text", FieldType.STRING, "The text")
 *                 .output("result", FieldType.STRING, "The text in upper case")
 *                 .build())
 *         .function(inputs -> Map.of("result", ((String) inputs.get("text")).toUpperCase()))
 *         .build();
 * }</pre>
 *
 * <p>The function receives inputs already validated against the signature (see
 * {@link FieldType} for the Java type of each value) and must be safe to call from many threads.
 * Its fingerprint covers name, description, signature and timeout, not the function's code:
 * a deployment cache only reuses schemas, and always runs the function it was given last.
 */
public final class FunctionAgent extends AbstractAgent {

    /** The provider name a function agent reports in its configuration. */
    public static final String PROVIDER = "function";

    private final BiFunction<Map<String, Object>, RunContext, ? extends Map<String, ?>> function;

    private FunctionAgent(Builder builder) {
        super(builder.name, builder.description, builder.signature,
                AgentConfig.builder().provider(PROVIDER).timeout(builder.timeout).build());
        this.function = Objects.requireNonNull(builder.function, "function must be set");
    }

    /**
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> run(Map<String, Object> inputs, RunContext context) {
        Map<String, ?> outputs = function.apply(inputs, context);
        if (outputs == null) {
            throw new AgentOutputException(name(), "the function returned null instead of a map of outputs");
        }
        return (Map<String, Object>) outputs;
    }

    /** Builds a {@link FunctionAgent}; name, signature and function are required. */
    public static final class Builder {

        private @Nullable String name;

        private @Nullable String description;

        private @Nullable Signature signature;

        private @Nullable BiFunction<Map<String, Object>, RunContext, ? extends Map<String, ?>> function;

        private Duration timeout = AgentConfig.DEFAULT_TIMEOUT;

        private Builder() {
        }

        /**
         * @param name the agent's name, not blank
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * @param description what the agent does
         * @return this builder
         */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /**
         * @param signature what the agent takes and gives back
         * @return this builder
         */
        public Builder signature(Signature signature) {
            this.signature = signature;
            return this;
        }

        /**
         * @param function the work, from validated inputs to outputs
         * @return this builder
         */
        public Builder function(Function<Map<String, Object>, ? extends Map<String, ?>> function) {
            Objects.requireNonNull(function, "function");
            this.function = (inputs, context) -> function.apply(inputs);
            return this;
        }

        /**
         * @param function the work, from validated inputs and the call's context to outputs
         * @return this builder
         */
        public Builder function(BiFunction<Map<String, Object>, RunContext, ? extends Map<String, ?>> function) {
            this.function = Objects.requireNonNull(function, "function");
            return this;
        }

        /**
         * @param timeout the longest one run may take; positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            // Validated here, so a bad value fails where it is set.
            this.timeout = AgentConfig.builder().timeout(timeout).build().timeout();
            return this;
        }

        /**
         * @return the agent
         * @throws NullPointerException if name, signature or function is missing
         * @throws IllegalArgumentException if the name is blank
         */
        public FunctionAgent build() {
            return new FunctionAgent(this);
        }
    }
}
