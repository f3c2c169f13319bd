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

    /** One text in ({@code text}), one text out ({@code result}). */
    public static Signature textSignature() {
        return Signature.builder().input("text", FieldType.STRING, "a text")
                .output("result", FieldType.STRING, "the result").build();
    }

    /**
     * Counts {@code running} down when it starts, then waits (up to 30 s) until its run is
     * cancelled, when it counts {@code interrupted} down. Takes {@link #textSignature()}.
     */
    public static FunctionAgent waitingForCancel(String name, CountDownLatch running, CountDownLatch interrupted) {
        return FunctionAgent.builder().name(name).signature(textSignature()).function(inputs -> {
            running.countDown();
            try {
                new CountDownLatch(1).await(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
            }
            return Map.of("result", "late");
        }).build();
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
