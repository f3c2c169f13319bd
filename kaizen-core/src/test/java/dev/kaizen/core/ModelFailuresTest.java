package dev.kaizen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A model's own failures are told apart from an agent's, against a loopback chat-completions
 * server: unreachable or 5xx, 429 with its hint, and too slow.
 */
class ModelFailuresTest {

    private ChatCompletionsServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new ChatCompletionsServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static Workflow workflow(String baseUrl, Duration timeout) {
        return ChatAgent.builder().name("qa").signature(Agents.qaSignature())
                .config(AgentConfig.builder().provider("openai").baseUrl(baseUrl).model("m").timeout(timeout).build())
                .build().toWorkflow();
    }

    @Test
    void aModelThatAnswers429ThenSucceedsIsRetriedOnce() {
        server.failThenAnswer(1, 429, "{\"answer\": \"after one retry\"}");

        Map<String, Object> outputs = workflow(server.baseUrl(), Duration.ofSeconds(30))
                .execute(Map.of("question", "q")).outputs();

        assertThat(outputs).containsEntry("answer", "after one retry");
        assertThat(server.received).as("the first call and one retry").hasSize(2);
    }

    @Test
    void withNoRetriesAFailedCallIsNotRepeated() {
        server.failThenAnswer(1, 503, "{\"answer\": \"too late\"}");
        Workflow once = ChatAgent.builder().name("qa").signature(Agents.qaSignature())
                .config(AgentConfig.builder().provider("openai").baseUrl(server.baseUrl()).model("m").maxRetries(0)
                        .build()).build().toWorkflow();

        assertThatThrownBy(() -> once.execute(Map.of("question", "q"))).isInstanceOf(ModelCallException.class);
        assertThat(server.received).hasSize(1);
    }

    @Test
    void aRateLimitIsNamedWithTheModelsHint() {
        server.fail(429, "slow down", Map.of("Retry-After", "1"));

        assertThatThrownBy(() -> workflow(server.baseUrl(), Duration.ofSeconds(30)).execute(Map.of("question", "q")))
                .isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ModelCallException.Reason.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(e.getMessage()).isEqualTo("model endpoint " + server.baseUrl()
                            + " refused the call for its rate limit (HTTP 429)");
                });
    }

    @Test
    void aServerErrorIsTheModelBeingUnavailable() {
        server.fail(503, "overloaded");

        assertThatThrownBy(() -> workflow(server.baseUrl(), Duration.ofSeconds(30)).execute(Map.of("question", "q")))
                .isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ModelCallException.Reason.UNAVAILABLE);
                    assertThat(e.getMessage()).endsWith(" answered HTTP 503");
                });
    }

    @Test
    void anUnreachableModelIsUnavailableAndNamesTheEndpoint() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closedPort + "/v1";

        assertThatThrownBy(() -> workflow(endpoint, Duration.ofSeconds(30)).execute(Map.of("question", "q")))
                .isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ModelCallException.Reason.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("model endpoint " + endpoint + " is unreachable: connection refused");
                });
    }

    @Test
    void aModelThatHangsIsATimeout() {
        server.hang();

        assertThatThrownBy(() -> workflow(server.baseUrl(), Duration.ofMillis(300)).execute(Map.of("question", "q")))
                .satisfiesAnyOf(
                        e -> assertThat(e).isInstanceOf(WorkflowTimeoutException.class),
                        e -> assertThat(e).isInstanceOfSatisfying(ModelCallException.class,
                                m -> assertThat(m.reason()).isEqualTo(ModelCallException.Reason.TIMEOUT)));
    }

    @Test
    void aClientErrorOtherThan429StaysTheAgentsFailure() {
        server.fail(400, "model 'm' is not loaded");

        assertThatThrownBy(() -> workflow(server.baseUrl(), Duration.ofSeconds(30)).execute(Map.of("question", "q")))
                .isInstanceOf(AgentExecutionException.class);
    }
}
