package dev.kaizen.core;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Base for agents: holds name, description, signature and resolved configuration, and computes
 * the fingerprint once. Subclasses implement {@link #run(Map, RunContext)}.
 */
public abstract class AbstractAgent implements Agent {

    private final String name;

    private final String description;

    private final Signature signature;

    private final AgentConfig config;

    /** Written at most a few times by racing threads, always with the same value. */
    private volatile @Nullable String fingerprint;

    /**
     * @param name the agent's name; not blank
     * @param description what the agent does; {@code null} for none
     * @param signature what the agent takes and gives back
     * @param config the resolved configuration
     * @throws IllegalArgumentException if the name is blank
     */
    protected AbstractAgent(@Nullable String name, @Nullable String description, @Nullable Signature signature,
            AgentConfig config) {
        if (name == null) {
            throw new NullPointerException("name must be set");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("agent name must not be blank");
        }
        this.name = name.strip();
        this.description = Objects.requireNonNullElse(description, "");
        this.signature = Objects.requireNonNull(signature, "signature must be set");
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Signature signature() {
        return signature;
    }

    @Override
    public final AgentConfig config() {
        return config;
    }

    @Override
    public final Map<String, Object> run(Map<String, Object> inputs) {
        return run(inputs, RunContext.create());
    }

    @Override
    public abstract Map<String, Object> run(Map<String, Object> inputs, RunContext context);

    @Override
    public final String fingerprint() {
        String known = fingerprint;
        if (known == null) {
            known = Fingerprints.of(this);
            fingerprint = known;
        }
        return known;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }
}
