package dev.kaizen.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.prompt.Prompt;

class OfflineChatModelTest {

    private static ChatAgent offlineAgent(Signature signature) {
        return ChatAgent.builder().name("offline").description("Runs offline").signature(signature)
                .config(AgentConfig.builder().provider(AgentConfig.PROVIDER_OFFLINE).build()).build();
    }

    @Test
    void theOfflineProviderUsesTheOfflineModel() {
        ChatAgent agent = offlineAgent(Agents.qaSignature());

        assertThat(agent.chatModel()).isInstanceOf(OfflineChatModel.class);
        assertThat(agent.config().provider()).isEqualTo("offline");
        assertThat(agent.config().model()).isEqualTo(OfflineChatModel.MODEL);
    }

    @Test
    void answersEveryOutputFieldWithItsTypeAndSaysItIsOffline() {
        Signature signature = Signature.builder()
                .input("text", FieldType.STRING, "Text")
                .output("summary", FieldType.STRING, "A summary")
                .output("words", FieldType.INTEGER, "Word count")
                .output("score", FieldType.NUMBER, "A score")
                .output("ok", FieldType.BOOLEAN, "Whether it worked")
                .output("items", FieldType.ARRAY, "Items")
                .output("echo", FieldType.OBJECT, "The inputs")
                .build();

        Map<String, Object> outputs = offlineAgent(signature).toWorkflow()
                .execute(Map.of("text", "three little words")).outputs();

        assertThat((String) outputs.get("summary")).startsWith(OfflineChatModel.MARKER)
                .contains("text=\"three little words\"");
        assertThat(outputs).containsEntry("words", 3L).containsEntry("score", 3.0).containsEntry("ok", true)
                .containsEntry("items", List.of("three little words"))
                .containsEntry("echo", Map.of("text", "three little words"));
    }

    @Test
    void isDeterministic() {
        ChatAgent agent = offlineAgent(Agents.qaSignature());

        assertThat(agent.run(Map.of("question", "same", "count", 2L)))
                .isEqualTo(agent.run(Map.of("question", "same", "count", 2L)));
    }

    @Test
    void echoesAPlainPrompt() {
        assertThat(new OfflineChatModel().call(new Prompt("hello")).getResult().getOutput().getText())
                .isEqualTo("[offline model] echo: hello");
    }
}
