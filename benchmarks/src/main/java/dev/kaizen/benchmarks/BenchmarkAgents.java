package dev.kaizen.benchmarks;

import java.util.Map;

import dev.kaizen.core.FieldType;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;

/** Agents that return at once, so a benchmark measures the platform, not a model. */
public final class BenchmarkAgents {

    private BenchmarkAgents() {
    }

    public static Signature signature() {
        return Signature.builder()
                .input("text", FieldType.STRING, "Any text")
                .optionalInput("times", FieldType.INTEGER, "How often", 1)
                .output("echo", FieldType.STRING, "The text")
                .build();
    }

    /** An echo agent; a different {@code variant} gives a different fingerprint. */
    public static FunctionAgent echo(String variant) {
        return FunctionAgent.builder().name("echo").description("Echoes its text " + variant).signature(signature())
                .function(inputs -> Map.of("echo", inputs.get("text"))).build();
    }
}
