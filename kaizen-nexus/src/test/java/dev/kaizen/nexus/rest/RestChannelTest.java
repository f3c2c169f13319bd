package dev.kaizen.nexus.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kaizen.core.FunctionAgent;
import dev.kaizen.nexus.ChannelEndpoints;
import dev.kaizen.nexus.DeployOptions;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.deploy.DeploymentCache;
import tools.jackson.databind.JsonNode;

/** The REST channel against a real standalone Nexus on a random port, with a real HTTP client. */
class RestChannelTest {

    private static Nexus nexus;

    private static RestClient client;

    @BeforeAll
    static void startNexus() {
        nexus = Nexus.builder().port(0).deploymentCache(new DeploymentCache(100, Runnable::run))
                .rest(RestConfig.builder().maxRequestBytes(4096).build()).build().start();
        client = new RestClient(nexus.baseUri());
    }

    @AfterAll
    static void stopNexus() {
        nexus.stop();
    }

    @AfterEach
    void undeployAll() {
        nexus.registry().list().forEach(d -> nexus.registry().undeploy(d.name()));
        nexus.sessions().sessionIds(100).forEach(nexus.sessions()::deleteSession);
    }

    @Test
    void deployThenExecuteOverHttp() {
        ChannelEndpoints endpoints = Deployments.deployMultiChannel(TestAgents.echo("echo", "hi "), nexus, "qa");
        nexus.sessions().createSession("s-1", null, java.time.Duration.ofMinutes(5));

        RestClient.Response response = client.post(endpoints.api(),
                Map.of("inputs", Map.of("question", "there", "count", 2), "sessionId", "s-1"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.get("workflow").asString()).isEqualTo("qa");
        assertThat(body.get("outputs").get("answer").asString()).isEqualTo("hi there x2");
        assertThat(body.get("sessionId").asString()).isEqualTo("s-1");
        assertThat(body.get("executionTimeMs").asDouble()).isPositive();
    }

    @Test
    void listShowsEveryDeploymentWithChannelsAndEndpoints() {
        Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "multi");
        Deployments.deployAsApi(TestAgents.echo("other", ""), nexus, "apiOnly");

        JsonNode workflows = client.get("/api/workflows").json().get("workflows");

        assertThat(workflows).hasSize(2);
        assertThat(workflows.get(0).get("name").asString()).isEqualTo("apiOnly");
        assertThat(workflows.get(0).get("channels").toString()).isEqualTo("[\"api\"]");
        assertThat(workflows.get(1).get("endpoints").toString()).isEqualTo(
                "{\"api\":\"/api/workflows/multi/execute\",\"cli\":\"nexus run multi\",\"mcp\":\"multi\"}");
    }

    @Test
    void describeGivesTheSchemas() {
        Deployments.deployAsApi(TestAgents.echo("echo", ""), nexus, "qa");

        JsonNode body = client.get("/api/workflows/qa").json();

        assertThat(body.get("description").asString()).isEqualTo("Echoes with ");
        assertThat(body.get("inputSchema").get("required").toString()).isEqualTo("[\"question\"]");
        assertThat(body.get("inputSchema").get("properties").get("count").get("default").asInt()).isEqualTo(1);
        assertThat(body.get("outputSchema").get("properties").get("answer").get("type").asString())
                .isEqualTo("string");
    }

    @Test
    void openApiDescribesEachDeployedWorkflowAndFollowsDeployments() {
        Deployments.deployAsApi(TestAgents.echo("echo", ""), nexus, "qa");

        JsonNode document = client.get(RestConfig.OPENAPI_PATH).json();
        JsonNode operation = document.get("paths").get("/api/workflows/qa/execute").get("post");

        assertThat(document.get("openapi").asString()).isEqualTo("3.1.0");
        assertThat(operation.get("requestBody").get("content").get("application/json").get("schema")
                .get("properties").get("inputs").get("properties").get("question").get("type").asString())
                .isEqualTo("string");
        assertThat(operation.get("responses").get("200").get("content").get("application/json").get("schema")
                .get("properties").get("outputs").get("required").toString()).isEqualTo("[\"answer\"]");
        JsonNode stream = operation.get("responses").get("200").get("content").get("text/event-stream").get("schema");
        assertThat(stream.get("x-kaizen-events").propertyNames()).containsExactly("started", "progress", "token",
                "result", "error");
        assertThat(stream.at("/x-kaizen-events/result/properties/outputs/required").toString())
                .isEqualTo("[\"answer\"]");

        Deployments.undeploy(nexus, "qa");
        assertThat(client.get(RestConfig.OPENAPI_PATH).json().get("paths").has("/api/workflows/qa/execute")).isFalse();
    }

    @Test
    void healthReportsRunningWorkflowsAndVersion() {
        Deployments.deployAsApi(TestAgents.echo("echo", ""), nexus, "qa");

        JsonNode health = client.get("/health").json();

        assertThat(health.get("status").asString()).isEqualTo("running");
        assertThat(health.get("workflows").asInt()).isEqualTo(1);
        assertThat(health.get("version").asString()).isNotBlank().isNotEqualTo("unknown");
        assertThat(health.get("uptimeSeconds").asDouble()).isNotNegative();
    }

    @Test
    void aCustomPrefixIsServedWhereTheEndpointSays() {
        String endpoint = Deployments.deployAsApi(TestAgents.echo("echo", ""), nexus, "qa",
                DeployOptions.builder().restPathPrefix("/v2/agents").build());

        assertThat(endpoint).isEqualTo("/v2/agents/qa/execute");
        assertThat(client.post(endpoint, Map.of("inputs", Map.of("question", "q"))).status()).isEqualTo(200);
        assertThat(client.get("/v2/agents/qa").status()).isEqualTo(200);
        assertThat(client.execute("qa", Map.of("question", "q")).status()).isEqualTo(404);
    }

    @Test
    void undeployedWorkflowsAnswer404() {
        Deployments.deployAsApi(TestAgents.echo("echo", ""), nexus, "qa");
        Deployments.undeploy(nexus, "qa");

        RestClient.Response response = client.execute("qa", Map.of("question", "q"));

        assertProblem(response, 404, "not-found", "no workflow named 'qa' is deployed on REST");
        assertProblem(client.get("/api/workflows/qa"), 404, "not-found", "no workflow named 'qa' is deployed on REST");
    }

    @Test
    void invalidInputsAnswer400ListingEachField() {
        Deployments.deployAsApi(TestAgents.echo("echo", ""), nexus, "qa");

        RestClient.Response response = client.execute("qa", Map.of("count", "three", "extra", true));

        assertProblem(response, 400, "invalid-inputs",
                "invalid inputs: question: required; count: expected integer, got string; extra: unknown field");
        assertThat(response.json().get("errors").toString()).isEqualTo("[{\"field\":\"question\",\"problem\":"
                + "\"required\"},{\"field\":\"count\",\"problem\":\"expected integer, got string\"},"
                + "{\"field\":\"extra\",\"problem\":\"unknown field\"}]");
    }

    @Test
    void malformedJsonAnswers400WithWhereItBroke() {
        Deployments.deployAsApi(TestAgents.echo("echo", ""), nexus, "qa");

        RestClient.Response response = client.postRaw("/api/workflows/qa/execute", "application/json",
                "{\"inputs\": {\"question\": \"q\",}");

        assertProblem(response, 400, "invalid-request", "the request body is not valid JSON");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("body");
        assertThat(response.json().get("errors").get(0).get("problem").asString())
                .startsWith("malformed JSON at line 1, column ");
    }

    @Test
    void aBodyThatIsNotTheEnvelopeAnswers400NamingTheFields() {
        Deployments.deployAsApi(TestAgents.echo("echo", ""), nexus, "qa");

        RestClient.Response wrongShape = client.post("/api/workflows/qa/execute",
                Map.of("inputs", List.of(1), "sessionId", 7, "question", "q"));
        RestClient.Response notObject = client.post("/api/workflows/qa/execute", "[1,2]");
        RestClient.Response badSession = client.post("/api/workflows/qa/execute",
                Map.of("inputs", Map.of("question", "q"), "sessionId", "has space"));

        assertProblem(wrongShape, 400, "invalid-request", "the request body is not a valid execute request");
        assertThat(wrongShape.json().get("errors").toString()).contains(
                "{\"field\":\"inputs\",\"problem\":\"expected object, got array\"}",
                "{\"field\":\"sessionId\",\"problem\":\"expected string, got integer\"}",
                "{\"field\":\"question\",\"problem\":\"unknown field; the body takes inputs, sessionId and callbackUrl\"}");
        assertProblem(notObject, 400, "invalid-request", "the request body must be a JSON object");
        assertThat(badSession.json().get("errors").get(0).get("field").asString()).isEqualTo("sessionId");
    }

    @Test
    void aWrongMethodAnswers405WithAllow() {
        Deployments.deployAsApi(TestAgents.echo("echo", ""), nexus, "qa");

        RestClient.Response get = client.get("/api/workflows/qa/execute");
        RestClient.Response post = client.post("/api/workflows/qa", Map.of());

        assertProblem(get, 405, "method-not-allowed", "method GET is not allowed here; use POST");
        assertThat(get.header("Allow")).isEqualTo("POST");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET");
    }

    @Test
    void aBodyOverTheLimitAnswers413() {
        Deployments.deployAsApi(TestAgents.echo("echo", ""), nexus, "qa");

        RestClient.Response response = client.execute("qa", Map.of("question", "x".repeat(5000)));

        assertProblem(response, 413, "payload-too-large", "the request body is larger than the limit of 4096 bytes");
    }

    @Test
    void aNonJsonBodyAnswers415() {
        Deployments.deployAsApi(TestAgents.echo("echo", ""), nexus, "qa");

        RestClient.Response form = client.postRaw("/api/workflows/qa/execute", "application/x-www-form-urlencoded",
                "question=q");
        RestClient.Response none = client.postRaw("/api/workflows/qa/execute", null, "{}");

        assertProblem(form, 415, "unsupported-media-type",
                "Content-Type must be application/json, was application/x-www-form-urlencoded");
        assertThat(none.status()).isEqualTo(415);
    }

    @Test
    void anAgentFailureAnswers500WithACorrelationIdAndNoStackTrace() {
        Deployments.deployAsApi(TestAgents.agent("broken", "fails", in -> {
            throw new IllegalStateException("database is down");
        }), nexus, "broken");

        RestClient.Response response = client.execute("broken", Map.of("question", "q"));

        assertProblem(response, 500, "agent-failure", "agent 'broken' failed: database is down");
        String correlationId = response.json().get("correlationId").asString();
        assertThat(correlationId).isNotBlank();
        assertThat(response.header("X-Correlation-Id")).isEqualTo(correlationId);
        assertThat(response.raw().body()).doesNotContain("at dev.kaizen", "Exception", "\tat ");
    }

    @Test
    void aTimeoutAnswers504() {
        FunctionAgent slow = TestAgents.waitingForInterrupt("slow", Duration.ofMillis(100));
        Deployments.deployAsApi(slow, nexus, "slow");

        RestClient.Response response = client.execute("slow", Map.of("question", "q"));

        assertProblem(response, 504, "timeout", "workflow 'slow' did not finish within 100 ms");
    }

    @Test
    void unrelatedPathsAreNotClaimed() {
        assertThat(client.get("/somewhere/else").status()).isEqualTo(404);
        assertThat(client.get("/somewhere/else").raw().body()).doesNotContain("urn:kaizen:problem");
    }

    @Test
    void redeployingWhileRequestsAreInFlightFailsNone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(8);
        Deployments.deployAsApi(TestAgents.agent("flight", "v1", in -> {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of("answer", "v1");
        }), nexus, "flight");

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<RestClient.Response>> inFlight = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                inFlight.add(pool.submit(() -> client.execute("flight", Map.of("question", "q"))));
            }
            assertThat(entered.await(30, TimeUnit.SECONDS)).as("all requests reached v1").isTrue();

            Deployments.deployAsApi(TestAgents.agent("flight", "v2", in -> Map.of("answer", "v2")), nexus, "flight");
            RestClient.Response after = client.execute("flight", Map.of("question", "q"));
            release.countDown();

            assertThat(after.json().get("outputs").get("answer").asString()).isEqualTo("v2");
            for (Future<RestClient.Response> response : inFlight) {
                RestClient.Response done = response.get(30, TimeUnit.SECONDS);
                assertThat(done.status()).isEqualTo(200);
                assertThat(done.json().get("outputs").get("answer").asString()).isEqualTo("v1");
            }
        }
    }

    @Test
    void aStreamOfRequestsDuringRepeatedRedeploysNeverSeesTheNameMissing() throws Exception {
        Deployments.deployAsApi(TestAgents.echo("churn", "a"), nexus, "churn");
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<List<Integer>>> callers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 4; c++) {
                callers.add(pool.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    while (!stop.get()) {
                        statuses.add(client.execute("churn", Map.of("question", "q")).status());
                    }
                    return statuses;
                }));
            }
            for (int i = 0; i < 200; i++) {
                Deployments.deployAsApi(TestAgents.echo("churn", i % 2 == 0 ? "b" : "a"), nexus, "churn");
            }
            stop.set(true);
            for (Future<List<Integer>> caller : callers) {
                assertThat(caller.get(30, TimeUnit.SECONDS)).isNotEmpty().containsOnly(200);
            }
        }
    }

    private static void assertProblem(RestClient.Response response, int status, String type, String detail) {
        assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("type").asString()).isEqualTo("urn:kaizen:problem:" + type);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("detail").asString()).isEqualTo(detail);
        assertThat(body.get("title").asString()).isNotBlank();
        assertThat(body.get("instance").asString()).startsWith("/");
    }
}
