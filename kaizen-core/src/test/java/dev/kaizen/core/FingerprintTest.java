package dev.kaizen.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

class FingerprintTest {

    private static final AgentConfig BASE = AgentConfig.builder().provider("offline").model("m1").temperature(0.3)
            .maxTokens(100).systemPrompt("Be brief.").timeout(Duration.ofSeconds(5)).build();

    private static ChatAgent agent(AgentConfig config, Signature signature, String name, String description) {
        return ChatAgent.builder().name(name).description(description).signature(signature).config(config).build();
    }

    private static ChatAgent base() {
        return agent(BASE, Agents.qaSignature(), "qa", "Answers questions");
    }

    @Test
    void twoSeparatelyBuiltEqualAgentsHaveTheSameFingerprint() {
        ChatAgent first = base();
        ChatAgent second = base();

        assertThat(first).isNotSameAs(second);
        assertThat(first.fingerprint()).isEqualTo(second.fingerprint()).matches("[0-9a-f]{64}");
        assertThat(first.toWorkflow().fingerprint()).isEqualTo(second.toWorkflow().fingerprint());
    }

    @Test
    void separatelyBuiltEqualFunctionAgentsShareTheFingerprintToo() {
        assertThat(Agents.echo().fingerprint()).isEqualTo(Agents.echo().fingerprint());
    }

    @Test
    void changingAnyConfigDimensionChangesTheFingerprint() {
        String original = base().fingerprint();
        List<UnaryOperator<AgentConfig.Builder>> changes = List.of(
                b -> b.model("m2"),
                b -> b.temperature(0.31),
                b -> b.maxTokens(101),
                b -> b.systemPrompt("Be verbose."),
                b -> b.timeout(Duration.ofSeconds(6)),
                b -> b.provider("openai").model("m1").baseUrl("http://127.0.0.1:1/v1"));

        for (UnaryOperator<AgentConfig.Builder> change : changes) {
            ChatAgent changed = agent(change.apply(BASE.toBuilder()).build(), Agents.qaSignature(), "qa",
                    "Answers questions");
            assertThat(changed.fingerprint()).as("after changing %s", changed.config()).isNotEqualTo(original);
        }
    }

    @Test
    void theBaseUrlOfAnOpenAiCompatibleProviderIsADimension() {
        AgentConfig ollama = BASE.toBuilder().provider("openai").baseUrl("http://127.0.0.1:11434/v1").build();
        AgentConfig vllm = BASE.toBuilder().provider("openai").baseUrl("http://127.0.0.1:8001/v1").build();

        assertThat(agent(ollama, Agents.qaSignature(), "qa", "d").fingerprint())
                .isNotEqualTo(agent(vllm, Agents.qaSignature(), "qa", "d").fingerprint());
    }

    @Test
    void changingNameOrDescriptionChangesTheFingerprint() {
        String original = base().fingerprint();

        assertThat(agent(BASE, Agents.qaSignature(), "qa2", "Answers questions").fingerprint()).isNotEqualTo(original);
        assertThat(agent(BASE, Agents.qaSignature(), "qa", "Answers").fingerprint()).isNotEqualTo(original);
    }

    @Test
    void changingAnyPartOfTheSignatureChangesTheFingerprint() {
        String original = base().fingerprint();
        Map<String, Signature> changes = Map.of(
                "input type", Signature.builder().input("question", FieldType.ARRAY, "What the user asks")
                        .optionalInput("count", FieldType.INTEGER, "How many answers", 1)
                        .output("answer", FieldType.STRING, "The answer").build(),
                "input description", Signature.builder().input("question", FieldType.STRING, "What is asked")
                        .optionalInput("count", FieldType.INTEGER, "How many answers", 1)
                        .output("answer", FieldType.STRING, "The answer").build(),
                "default", Signature.builder().input("question", FieldType.STRING, "What the user asks")
                        .optionalInput("count", FieldType.INTEGER, "How many answers", 2)
                        .output("answer", FieldType.STRING, "The answer").build(),
                "required", Signature.builder().input("question", FieldType.STRING, "What the user asks")
                        .input("count", FieldType.INTEGER, "How many answers")
                        .output("answer", FieldType.STRING, "The answer").build(),
                "field order", Signature.builder()
                        .optionalInput("count", FieldType.INTEGER, "How many answers", 1)
                        .input("question", FieldType.STRING, "What the user asks")
                        .output("answer", FieldType.STRING, "The answer").build(),
                "extra output", Signature.builder().input("question", FieldType.STRING, "What the user asks")
                        .optionalInput("count", FieldType.INTEGER, "How many answers", 1)
                        .output("answer", FieldType.STRING, "The answer")
                        .output("confidence", FieldType.NUMBER, "How sure").build(),
                "output name", Signature.builder().input("question", FieldType.STRING, "What the user asks")
                        .optionalInput("count", FieldType.INTEGER, "How many answers", 1)
                        .output("reply", FieldType.STRING, "The answer").build());

        changes.forEach((what, signature) -> assertThat(agent(BASE, signature, "qa", "Answers questions")
                .fingerprint()).as("after changing the %s", what).isNotEqualTo(original));
    }

    @Test
    void theApiKeyIsNotADimension() {
        AgentConfig withKey = BASE.toBuilder().provider("openai").baseUrl("http://127.0.0.1:1/v1").apiKey("k1").build();
        AgentConfig otherKey = withKey.toBuilder().apiKey("k2").build();

        assertThat(agent(withKey, Agents.qaSignature(), "qa", "d").fingerprint())
                .isEqualTo(agent(otherKey, Agents.qaSignature(), "qa", "d").fingerprint());
    }

    @Test
    void theDerivedSystemPromptFollowsTheDescription() {
        AgentConfig derived = BASE.toBuilder().systemPrompt(null).build();

        ChatAgent agent = agent(derived, Agents.qaSignature(), "qa", "Answers questions");

        assertThat(agent.config().systemPrompt()).isEqualTo("You are qa. Answers questions");
    }
}
