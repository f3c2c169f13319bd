package dev.kaizen.nexus.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kaizen.core.Eventually;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.RecordedOutcomes;
import dev.kaizen.nexus.metrics.Outcome;
import dev.kaizen.nexus.metrics.PerformanceMetrics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code Accept: text/event-stream} on a workflow's execute route, read by a plain HTTP client. */
class RestStreamingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Signature TEXT = dev.kaizen.nexus.TestAgents.textSignature();

    private static Nexus nexus;

    private static final CountDownLatch release = new CountDownLatch(1);

    private static final CountDownLatch interrupted = new CountDownLatch(1);

    @BeforeAll
    static void start() {
        nexus = Nexus.builder().port(0).rest(RestConfig.builder().sseHeartbeat(Duration.ofMillis(50)).build()).build()
                .start();
        Deployments.deployAsApi(FunctionAgent.builder().name("steps").signature(TEXT).function((inputs, run) -> {
            run.progress("reading");
            run.token("HEL");
            run.progress("writing", 0.5);
            run.token("LO");
            return Map.of("result", ((String) inputs.get("text")).toUpperCase());
        }).build(), nexus, "steps");
        Deployments.deployAsApi(FunctionAgent.builder().name("broken").signature(TEXT).function(inputs -> {
            throw new IllegalStateException("the tool is down");
        }).build(), nexus, "broken");
        Deployments.deployAsApi(FunctionAgent.builder().name("slow").signature(TEXT).function(inputs -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
            }
            return Map.of("result", "late");
        }).build(), nexus, "slow");
    }

    @AfterAll
    static void stop() {
        release.countDown();
        nexus.close();
    }

    /** One Server-Sent Event; {@code name} is null for a comment. */
    record Event(String name, String data) {
    }

    @Test
    void aRunStreamsStartedProgressTokensAndTheSameResultAsAPlainCall() throws Exception {
        List<Event> events = readAll(post("steps", "{\"inputs\":{\"text\":\"hello\"}}"));

        assertThat(events).extracting(Event::name).containsExactly("started", "progress", "token", "progress", "token",
                "result");
        assertThat(JSON.readTree(events.get(0).data()).get("runId").asString()).hasSize(36);
        assertThat(JSON.readTree(events.get(1).data()).get("message").asString()).isEqualTo("reading");
        assertThat(JSON.readTree(events.get(3).data()).get("fraction").asDouble()).isEqualTo(0.5);
        assertThat(events.get(2).data() + events.get(4).data()).isEqualTo("{\"text\":\"HEL\"}{\"text\":\"LO\"}");
        JsonNode result = JSON.readTree(events.get(5).data());
        JsonNode plain = new RestClient(nexus.baseUri()).execute("steps", Map.of("text", "hello")).json();
        assertThat(result.get("outputs")).isEqualTo(plain.get("outputs"));
        assertThat(result.get("workflow").asString()).isEqualTo("steps");

        // A stream's run id is not kept at /api/runs, and the 404 says which runs are.
        String runId = JSON.readTree(events.get(0).data()).get("runId").asString();
        RestClient.Response lookup = new RestClient(nexus.baseUri()).get("/api/runs/" + runId);
        assertThat(lookup.status()).isEqualTo(404);
        assertThat(lookup.json().path("detail").asString()).contains(runId, "Prefer: respond-async", "streamed");
    }

    @Test
    void aFailureIsOneErrorEventWithTheProblemAPlainCallWouldGet() throws Exception {
        List<Event> events = readAll(post("broken", "{\"inputs\":{\"text\":\"x\"}}"));

        assertThat(events).extracting(Event::name).containsExactly("started", "error");
        JsonNode problem = JSON.readTree(events.get(1).data());
        assertThat(problem.get("type").asString()).isEqualTo("urn:kaizen:problem:agent-failure");
        assertThat(problem.get("status").asInt()).isEqualTo(500);
        assertThat(problem.get("instance").asString()).isEqualTo("/api/workflows/broken/execute");
        assertThat(events.get(1).data()).doesNotContain("IllegalStateException", "at dev.");
    }

    @Test
    void badInputIsAPlainProblemBeforeAnyStreamOpens() throws Exception {
        HttpResponse<InputStream> response = post("steps", "{\"inputs\":{\"text\":42}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8)).contains("text: expected string");
    }

    @Test
    void aMalformedAcceptHeaderIsRefusedNamingIt() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(nexus.baseUri() + "/api/workflows/steps/execute"))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream;;=/,")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"text\":\"hi\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("detail").asString()).startsWith("Accept is not");
    }

    @Test
    void aSilentRunSendsCommentsAndAClientThatLeavesCancelsIt() throws Exception {
        long cancelledBefore = RecordedOutcomes.count(nexus, PerformanceMetrics.API, "slow", Outcome.CANCELLED);
        HttpResponse<InputStream> response = post("slow", "{\"inputs\":{\"text\":\"x\"}}");
        BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        int comments = 0;
        for (String line = lines.readLine(); line != null && comments < 2; line = lines.readLine()) {
            if (line.startsWith(":")) {
                comments++;
            }
        }
        assertThat(comments).as("heartbeat comments while the agent is silent").isEqualTo(2);

        response.body().close(); // the client hangs up

        assertThat(interrupted.await(Eventually.SECONDS, TimeUnit.SECONDS)).as("the agent was interrupted").isTrue();
        assertThat(RecordedOutcomes.awaitMore(nexus, PerformanceMetrics.API, "slow", Outcome.CANCELLED,
                cancelledBefore)).as("recorded as cancelled").isEqualTo(cancelledBefore + 1);
    }

    private static HttpResponse<InputStream> post(String workflow, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(nexus.baseUri() + "/api/workflows/" + workflow + "/execute"))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Reads events (not comments) until the stream ends. */
    private static List<Event> readAll(HttpResponse<InputStream> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<Event> events = new ArrayList<>();
        String name = null;
        StringBuilder data = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                }
                else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
                else if (line.isEmpty() && name != null) {
                    events.add(new Event(name, data.toString()));
                    name = null;
                    data.setLength(0);
                }
            }
        }
        return events;
    }
}
