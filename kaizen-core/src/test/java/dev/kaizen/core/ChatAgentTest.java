package dev.kaizen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.prompt.Prompt;

class ChatAgentTest {

    private static ChatAgent agentAnswering(ScriptedChatModel model) {
        return ChatAgent.builder()
                .name("qa")
                .description("Answers questions")
                .signature(Agents.qaSignature())
                .config(AgentConfig.builder().temperature(0.2).maxTokens(64).model("tiny").build())
                .chatModel(model)
                .build();
    }

    private static Map<String, Object> ask(String modelAnswer) {
        return agentAnswering(new ScriptedChatModel(modelAnswer)).toWorkflow()
                .execute(Map.of("question", "What is Kaizen?")).outputs();
    }

    @Test
    void readsAPlainJsonAnswer() {
        assertThat(ask("{\"answer\": \"Continuous improvement\"}")).containsExactly(
                Map.entry("answer", "Continuous improvement"));
    }

    @Test
    void readsAnAnswerInAMarkdownFence() {
        assertThat(ask("```json\n{\"answer\": \"fenced\"}\n```")).containsEntry("answer", "fenced");
    }

    @Test
    void readsAnAnswerWithProseAroundIt() {
        assertThat(ask("Sure! Here it is: {\"answer\": \"wrapped\"} Hope that helps.")).containsEntry("answer",
                "wrapped");
    }

    @Test
    void dropsFieldsTheSignatureDoesNotDeclare() {
        assertThat(ask("{\"answer\": \"a\", \"reasoning\": \"b\"}")).containsOnlyKeys("answer");
    }

    @Test
    void anAnswerThatIsNotJsonFailsClearly() {
        assertThatThrownBy(() -> ask("I think the answer is 42."))
                .isInstanceOf(AgentOutputException.class)
                .hasMessage("agent 'qa' gave an unusable answer: the model's answer is not a JSON object: "
                        + "\"I think the answer is 42.\"")
                .hasNoCause();
    }

    @Test
    void anAnswerThatIsJsonButNotAnObjectFails() {
        assertThatThrownBy(() -> ask("[\"answer\"]")).isInstanceOf(AgentOutputException.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void anEmptyAnswerFails() {
        assertThatThrownBy(() -> ask("  ")).isInstanceOf(AgentOutputException.class)
                .hasMessageContaining("empty answer");
    }

    @Test
    void anAnswerMissingAnOutputFieldFailsNamingIt() {
        assertThatThrownBy(() -> ask("{\"reply\": \"wrong name\"}"))
                .isInstanceOf(AgentOutputException.class)
                .hasMessage("agent 'qa' gave an unusable answer: answer: required");
    }

    @Test
    void anAnswerWithAWrongTypeFailsNamingIt() {
        assertThatThrownBy(() -> ask("{\"answer\": 42}")).isInstanceOf(AgentOutputException.class)
                .hasMessage("agent 'qa' gave an unusable answer: answer: expected string, got integer");
    }

    @Test
    void thePromptCarriesSystemPromptDescriptionsSchemaAndInputs() {
        ScriptedChatModel model = new ScriptedChatModel("{\"answer\": \"ok\"}");
        agentAnswering(model).toWorkflow().execute(Map.of("question", "Why?"));

        Prompt prompt = model.prompts.getFirst();
        String system = prompt.getSystemMessage().getText();
        assertThat(system).startsWith("You are qa. Answers questions")
                .contains("- question (string, required): What the user asks")
                .contains("- count (integer, optional): How many answers")
                .contains("- answer (string): The answer")
                .contains("Output JSON Schema: {\"$schema\"");
        assertThat(prompt.getUserMessage().getText()).isEqualTo("{\"question\":\"Why?\",\"count\":1}");
        assertThat(prompt.getInstructions()).extracting(message -> message.getMessageType())
                .containsExactly(MessageType.SYSTEM, MessageType.USER);
    }

    @Test
    void theConfiguredSamplingSettingsAreSentWithEveryRequest() {
        ScriptedChatModel model = new ScriptedChatModel("{\"answer\": \"ok\"}");
        agentAnswering(model).run(Map.of("question", "Why?"));

        var options = model.prompts.getFirst().getOptions();
        assertThat(options).isNotNull();
        assertThat(options.getModel()).isEqualTo("tiny");
        assertThat(options.getTemperature()).isEqualTo(0.2);
        assertThat(options.getMaxTokens()).isEqualTo(64);
    }

    @Test
    void aGivenModelIsDescribedInTheResolvedConfig() {
        ChatAgent agent = ChatAgent.builder().name("qa").signature(Agents.qaSignature())
                .chatModel(new ScriptedChatModel("{}")).build();

        assertThat(agent.config().provider()).isEqualTo(ScriptedChatModel.class.getName().toLowerCase());
        assertThat(agent.config().model()).isEqualTo("scripted-1");
        assertThat(agent.config().systemPrompt()).isEqualTo("You are qa.");
    }

    @Test
    void anExplicitSystemPromptIsUsedAsIs() {
        ScriptedChatModel model = new ScriptedChatModel("{\"answer\": \"ok\"}");
        ChatAgent agent = ChatAgent.builder().name("qa").signature(Agents.qaSignature()).chatModel(model)
                .config(AgentConfig.builder().systemPrompt("You are a pirate.").build()).build();

        agent.run(Map.of("question", "q", "count", 1L));

        assertThat(model.prompts.getFirst().getSystemMessage().getText()).startsWith("You are a pirate.\n\n");
    }

    @Test
    void nameAndSignatureAreRequired() {
        assertThatThrownBy(() -> ChatAgent.builder().signature(Agents.qaSignature()).build())
                .isInstanceOf(NullPointerException.class).hasMessage("name must be set");
        assertThatThrownBy(() -> ChatAgent.builder().name("x").build())
                .isInstanceOf(NullPointerException.class).hasMessage("signature must be set");
        assertThatThrownBy(() -> ChatAgent.builder().name(" ").signature(Agents.qaSignature()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("agent name must not be blank");
    }
}
