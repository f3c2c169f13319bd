package dev.kaizen.nexus.runs;

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
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.kaizen.core.Eventually;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.execution.RunLimits;
import dev.kaizen.nexus.rest.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs that answer at once over REST: 202, polling, events from the start, cancel, limits, drain. */
class AsyncRunsRestTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();

    private final CountDownLatch release = new CountDownLatch(1);

    private final CountDownLatch running = new CountDownLatch(1);

    private Nexus nexus;

    @BeforeEach
    void start() {
        nexus = Nexus.builder().port(0).drainTimeout(Duration.ofSeconds(2))
                .runLimits("narrow", new RunLimits(1, 1, Duration.ofSeconds(3))).build().start();
        FunctionAgent held = FunctionAgent.builder().name("held").signature(TestAgents.textSignature())
                .function((inputs, run) -> {
                    run.progress("thinking", 0.5);
                    run.token("HEL");
                    running.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Map.of("result", "HELLO");
                }).build();
        Deployments.deployAsApi(held, nexus, "held");
        Deployments.deployAsApi(TestAgents.waitingForCancel("narrow", new CountDownLatch(1), new CountDownLatch(1)),
                nexus, "narrow");
    }

    @AfterEach
    void stop() {
        release.countDown();
        nexus.close();
    }

    @Test
    void a202ArrivesAtOnceAndTheRunIsReadUntilItsResult() throws Exception {
        HttpResponse<String> accepted = submit("held", "{\"inputs\":{\"text\":\"hi\"}}");

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(accepted.body());
        String runId = body.path("runId").asString();
        assertThat(accepted.headers().firstValue("Location")).hasValue("/api/runs/" + runId);
        assertThat(accepted.headers().firstValue("Preference-Applied")).hasValue("respond-async");
        assertThat(body.path("status").asString()).isIn("queued", "running");
        assertThat(body.at("/timings/timeToAckMs").asDouble()).isPositive();

        assertThat(running.await(Eventually.SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(await(runId, run -> run.path("status").asString().equals("running")).at("/timings/queueMs")
                .isNumber()).isTrue();
        release.countDown();
        JsonNode done = await(runId, run -> run.path("status").asString().equals("succeeded"));

        assertThat(done.at("/result/outputs/result").asString()).isEqualTo("HELLO");
        assertThat(done.at("/result/workflow").asString()).isEqualTo("held");
        assertThat(done.at("/timings/runMs").asDouble()).isPositive();
    }

    @Test
    void aLateSubscriberHearsEveryEventFromTheStart() throws Exception {
        String runId = JSON.readTree(submit("held", "{\"inputs\":{\"text\":\"hi\"}}").body()).path("runId").asString();
        assertThat(running.await(Eventually.SECONDS, TimeUnit.SECONDS)).isTrue();

        HttpResponse<InputStream> events = http.send(HttpRequest.newBuilder(uri("/api/runs/" + runId + "/events"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        List<String> names = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("event:")) {
                    names.add(line.substring(6).strip());
                    if (names.size() == 3) {
                        release.countDown(); // the rest arrives live
                    }
                }
            }
        }

        assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(names).containsExactly("started", "progress", "token", "result");
    }

    @Test
    void deleteCancelsARunningRun() throws Exception {
        String runId = JSON.readTree(submit("held", "{\"inputs\":{\"text\":\"hi\"}}").body()).path("runId").asString();
        assertThat(running.await(Eventually.SECONDS, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> cancelled = http.send(HttpRequest.newBuilder(uri("/api/runs/" + runId)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(cancelled.statusCode()).isEqualTo(200);
        JsonNode run = JSON.readTree(cancelled.body());
        assertThat(run.path("status").asString()).isEqualTo("cancelled");
        assertThat(run.at("/problem/type").asString()).endsWith(":cancelled");
    }

    @Test
    void beyondTheQueueACallIsRefusedAtOnceAsOverloaded() throws Exception {
        String first = JSON.readTree(submit("narrow", "{\"inputs\":{\"text\":\"x\"}}").body()).path("runId").asString();
        await(first, run -> run.path("status").asString().equals("running"));
        HttpResponse<String> second = submit("narrow", "{\"inputs\":{\"text\":\"x\"}}");
        assertThat(JSON.readTree(second.body()).path("status").asString()).isEqualTo("queued");

        HttpResponse<String> third = submit("narrow", "{\"inputs\":{\"text\":\"x\"}}");
        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(uri("/api/workflows/narrow/execute"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"inputs\":{\"text\":\"x\"}}")).build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> refused : List.of(third, plain)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(JSON.readTree(refused.body()).path("type").asString()).endsWith(":overloaded");
        }

        // The queued run leaves the queue when cancelled; it never ran.
        String queued = JSON.readTree(second.body()).path("runId").asString();
        http.send(HttpRequest.newBuilder(uri("/api/runs/" + queued)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        JsonNode cancelled = await(queued, run -> run.path("status").asString().equals("cancelled"));
        assertThat(cancelled.at("/timings/runMs").isNull()).as("it never ran").isTrue();
    }

    @Test
    void badInputsAreRefusedBeforeAnythingIsAccepted() throws Exception {
        HttpResponse<String> refused = submit("held", "{\"inputs\":{\"text\":7}}");
        HttpResponse<String> badSession = submit("held", "{\"inputs\":{\"text\":\"x\"},\"sessionId\":\"\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("text");
        assertThat(badSession.statusCode()).isEqualTo(400);
        assertThat(badSession.body()).contains("invalid-session-id");
    }

    @Test
    void aSessionsRunsAreListedAndAnUnknownRunIsNotFound() throws Exception {
        String session = JSON.readTree(http.send(HttpRequest.newBuilder(uri("/api/sessions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("id").asString();
        assertThat(session).isNotBlank();
        String runId = JSON.readTree(submit("held", "{\"inputs\":{\"text\":\"hi\"},\"sessionId\":\"" + session + "\"}")
                .body()).path("runId").asString();

        JsonNode listed = JSON.readTree(get("/api/runs?sessionId=" + session).body());
        HttpResponse<String> unknown = get("/api/runs/no-such-run");
        HttpResponse<String> unnamed = get("/api/runs");
        HttpResponse<String> blank = get("/api/runs?sessionId=");

        assertThat(listed.path("runs").valueStream().map(run -> run.path("runId").asString()).toList())
                .containsExactly(runId);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unnamed.statusCode()).isEqualTo(400);
        assertThat(unnamed.body()).contains("sessionId");
        assertThat(blank.statusCode()).isEqualTo(400);
    }

    @Test
    void aStoppingServerEndsEveryAcceptedRunOneWayOrTheOther() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(JSON.readTree(submit("held", "{\"inputs\":{\"text\":\"hi\"}}").body()).path("runId").asString());
        }
        assertThat(running.await(Eventually.SECONDS, TimeUnit.SECONDS)).isTrue();

        nexus.drain(); // 2 s: the held runs do not finish, so they are cancelled as the server stops

        for (String id : ids) {
            RunRecord run = nexus.runs().store().find(id).orElseThrow();
            assertThat(run.status()).as(id).isEqualTo(RunStatus.FAILED);
            assertThat(run.problem()).containsEntry("type", "urn:kaizen:problem:shutting-down");
        }
    }

    private HttpResponse<String> submit(String workflow, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/api/workflows/" + workflow + "/execute"))
                .header("Content-Type", "application/json").header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reads the run until it matches, for up to 10 s. */
    private JsonNode await(String runId, Predicate<JsonNode> until) {
        RestClient rest = new RestClient(nexus.baseUri());
        JsonNode run = Eventually.until(() -> rest.get("/api/runs/" + runId).json(), until);
        assertThat(until.test(run)).as(run.toString()).isTrue();
        return run;
    }

    private URI uri(String path) {
        return URI.create(nexus.baseUri() + path);
    }
}
