package dev.kaizen.core;

import java.util.Map;

/** Agents shared by the tests of this package. */
final class Agents {

    private Agents() {
    }

    static Signature qaSignature() {
        return Signature.builder()
                .input("question", FieldType.STRING, "What the user asks")
                .optionalInput("count", FieldType.INTEGER, "How many answers", 1)
                .output("answer", FieldType.STRING, "The answer")
                .build();
    }

    static FunctionAgent echo() {
        return FunctionAgent.builder()
                .name("echo")
                .description("Answers with the question")
                .signature(qaSignature())
                .function(inputs -> Map.of("answer", inputs.get("question") + " x" + inputs.get("count")))
                .build();
    }
}
