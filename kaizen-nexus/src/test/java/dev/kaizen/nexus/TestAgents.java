package dev.kaizen.nexus;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import dev.kaizen.core.FieldType;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;

/** Agents shared by the Nexus tests. */
public final class TestAgents {

    private TestAgents() {
    }

    public static Signature qaSignature() {
        return Signature.builder()
                .input("question", FieldType.STRING, "What the user asks")
                .optionalInput("count", FieldType.INTEGER, "How many times", 1)
                .output("answer", FieldType.STRING, "The answer")
                .build();
    }

    /** Answers {@code prefix + question + " x" + count}. */
    public static FunctionAgent echo(String name, String prefix) {
        return agent(name, "Echoes with " + prefix,
                inputs -> Map.of("answer", prefix + inputs.get("question") + " x" + inputs.get("count")));
    }

    /** Waits until interrupted (its timeout does that), then answers too late. */
    public static FunctionAgent waitingForInterrupt(String name, Duration timeout) {
        return FunctionAgent.builder().name(name).signature(qaSignature()).timeout(timeout).function(in -> {
            try {
                new CountDownLatch(1).await();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of("answer", "late");
        }).build();
    }

    public static FunctionAgent agent(String name, String description,
            Function<Map<String, Object>, Map<String, ?>> function) {
        return FunctionAgent.builder().name(name).description(description).signature(qaSignature())
                .function(function).build();
    }
}
