package dev.kaizen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.openai.OpenAiChatModel;

import tools.jackson.databind.JsonNode;

/** The OpenAI-compatible path end to end, against a loopback chat-completions server. */
class OpenAiCompatibleModelTest {

    private ChatCompletionsServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new ChatCompletionsServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Workflow workflow(AgentConfig.Builder config) {
        return ChatAgent.builder()
                .name("qa")
                .description("Answers questions")
                .signature(Agents.qaSignature())
                .config(config.provider("openai").baseUrl(server.baseUrl()).model("test-model").temperature(0.25)
                        .maxTokens(77).build())
                .build()
                .toWorkflow();
    }

    @Test
    void sendsAChatCompletionRequestAndReadsTheAnswer() {
        server.answer("{\"answer\": \"Kaizen means continuous improvement\"}");
        Workflow workflow = workflow(AgentConfig.builder().apiKey("sk-test"));

        WorkflowResult result = workflow.execute(Map.of("question", "What is Kaizen?"));

        assertThat(((ChatAgent) workflow.agent()).chatModel()).isInstanceOf(OpenAiChatModel.class);
        assertThat(result.outputs()).containsExactly(Map.entry("answer", "Kaizen means continuous improvement"));
        assertThat(server.received).hasSize(1);
        ChatCompletionsServer.Received request = server.received.getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk-test");
        JsonNode body = request.body();
        assertThat(body.get("model").asString()).isEqualTo("test-model");
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.25);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(77);
        assertThat(body.get("messages").get(0).get("role").asString()).isEqualTo("system");
        assertThat(body.get("messages").get(0).get("content").asString()).startsWith("You are qa. Answers questions")
                .contains("Output JSON Schema: ");
        assertThat(body.get("messages").get(1).get("role").asString()).isEqualTo("user");
        assertThat(body.get("messages").get(1).get("content").asString())
                .isEqualTo("{\"question\":\"What is Kaizen?\",\"count\":1}");
    }

    @Test
    void aBaseUrlWithoutAKeySendsNoAuthorization() {
        server.answer("{\"answer\": \"local\"}");

        WorkflowResult result = workflow(AgentConfig.builder()).execute(Map.of("question", "q"));

        assertThat(result.outputs()).containsEntry("answer", "local");
        assertThat(server.received.getFirst().header("Authorization")).isNull();
    }

    @Test
    void aModelAnswerThatIsNotJsonFailsAsAnOutputError() {
        server.answer("Sorry, I cannot help with that.");

        assertThatThrownBy(() -> workflow(AgentConfig.builder()).execute(Map.of("question", "q")))
                .isInstanceOf(AgentOutputException.class)
                .hasMessageContaining("not a JSON object: \"Sorry, I cannot help with that.\"");
    }

    @Test
    void aProviderErrorFailsAsAnExecutionErrorNamingTheAgent() {
        server.fail(401, "Incorrect API key provided");

        assertThatThrownBy(() -> workflow(AgentConfig.builder().apiKey("sk-wrong")).execute(Map.of("question", "q")))
                .isInstanceOf(AgentExecutionException.class)
                .hasMessageStartingWith("agent 'qa' failed: ")
                .hasMessageContaining("Incorrect API key provided");
    }
}
