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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.kaizen.core.FunctionAgent;
import dev.kaizen.nexus.Concurrently;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.session.RedisServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Two instances on one Redis: a run accepted by A is read, followed and cancelled on B. */
@ExtendWith(OutputCaptureExtension.class)
class RedisRunsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RedisServer redis;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) { // null when redis-server is missing and the tests were skipped
            redis.close();
        }
    }

    private static Nexus instance() {
        return Nexus.builder().port(0).drainTimeout(Duration.ZERO)
                .runStore(new RedisRunStore(redis.uri(), "kaizen-test:", Duration.ofSeconds(2), Duration.ofHours(1), JSON))
                .build().start();
    }

    @Test
    void aRunAcceptedOnOneInstanceIsReadFollowedAndCancelledOnAnother() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try (Nexus a = instance(); Nexus b = instance()) {
            Deployments.deployAsApi(FunctionAgent.builder().name("waits").signature(TestAgents.textSignature())
                    .function((inputs, run) -> {
                        run.progress("thinking");
                        running.countDown();
                        try {
                            new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                        }
                        catch (InterruptedException e) {
                            interrupted.countDown();
                            Thread.currentThread().interrupt();
                        }
                        return java.util.Map.of("result", "late");
                    }).build(), a, "waits");
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(a.baseUri()
                    + "/api/workflows/waits/execute")).header("Content-Type", "application/json")
                    .header("Prefer", "respond-async").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"inputs\":{\"text\":\"x\"}}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String runId = JSON.readTree(accepted.body()).path("runId").asString();
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

            JsonNode onB = JSON.readTree(get(b, "/api/runs/" + runId).body());
            assertThat(onB.path("status").asString()).isEqualTo("running");
            assertThat(onB.path("workflow").asString()).isEqualTo("waits");

            HttpResponse<InputStream> events = http.send(HttpRequest.newBuilder(URI.create(b.baseUri() + "/api/runs/"
                    + runId + "/events")).build(), HttpResponse.BodyHandlers.ofInputStream());
            List<String> names = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("event:")) {
                        names.add(line.substring(6).strip());
                        if (names.size() == 2) {
                            // Followed from B up to now: cancel on B the run A runs.
                            http.send(HttpRequest.newBuilder(URI.create(b.baseUri() + "/api/runs/" + runId)).DELETE()
                                    .build(), HttpResponse.BodyHandlers.discarding());
                        }
                    }
                }
            }

            assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("A's agent was interrupted").isTrue();
            assertThat(names).containsExactly("started", "progress", "error");
            JsonNode ended = JSON.readTree(get(b, "/api/runs/" + runId).body());
            assertThat(ended.path("status").asString()).isEqualTo("cancelled");
            assertThat(ended.at("/problem/type").asString()).isEqualTo("urn:kaizen:problem:cancelled");
        }
    }

    @Test
    void theStoreKeepsEveryFieldAndLosesNoEventUnderManyWriters() throws Exception {
        try (RedisRunStore store = new RedisRunStore(redis.uri(), "kaizen-contract:", Duration.ofSeconds(2),
                Duration.ofHours(1), JSON)) {
            RunRecord run = RunRecord.queued("r1", "w", "s1", "alice", java.time.Instant.parse(
                    "2026-12-02T08:00:00Z"), 0.25, "http://127.0.0.1:1/hook").running(1.5)
                    .succeeded(java.util.Map.of("outputs", java.util.Map.of("n", 3)), 12.0)
                    .delivered(new RunRecord.Delivery(1, java.time.Instant.parse("2026-12-02T08:00:01Z"), 500,
                            "the receiver answered HTTP 500"));
            store.save(run);
            store.save(RunRecord.queued("r2", "w", "s1", "", java.time.Instant.parse("2026-12-02T08:00:02Z"), 0.1,
                    null));

            assertThat(store.find("r1")).contains(run);
            assertThat(store.bySession("s1")).extracting(RunRecord::runId).containsExactly("r1", "r2");
            assertThat(store.find("nope")).isEmpty();

            Concurrently.run(16, thread -> {
                for (int i = 0; i < 100; i++) {
                    store.append("r2", RunEvent.token("x"));
                }
            });
            assertThat(store.events("r2", 0)).hasSize(1600).allMatch(event -> event.equals(RunEvent.token("x")));
            assertThat(store.events("r2", 1590)).hasSize(10);
        }
    }

    @Test
    void aRedisThatIsDownRefusesNewRunsAs503NotAs500() throws Exception {
        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        try (Nexus nexus = Nexus.builder().port(0).runLimits(new dev.kaizen.nexus.execution.RunLimits(1, 0,
                Duration.ofSeconds(1))).runStore(new RedisRunStore(URI.create("redis://127.0.0.1:" + closed),
                "kaizen-down:", Duration.ofMillis(500), Duration.ofHours(1), JSON)).build().start()) {
            Deployments.deployAsApi(TestAgents.agent("echo", "Echoes", inputs -> java.util.Map.of("answer", "a")),
                    nexus, "echo");
            HttpRequest submit = HttpRequest.newBuilder(URI.create(nexus.baseUri() + "/api/workflows/echo/execute"))
                    .header("Content-Type", "application/json").header("Prefer", "respond-async")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"question\":\"q\"}}")).build();
            http.send(submit, HttpResponse.BodyHandlers.discarding());
            // Again: the first refusal gave its place back (one place, no queue), so this is not "overloaded".
            HttpResponse<String> refused = http.send(submit, HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> read = get(nexus, "/api/runs/some-run");

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).contains("session-store-unavailable", "run store (Redis at 127.0.0.1:" + closed);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(read.statusCode()).isEqualTo(503);
        }
    }

    @Test
    void aFrozenRedisFailsRunCallsFastAfterTheFirstAndRunsRecoverWhenItThaws(CapturedOutput output) throws Exception {
        Duration timeout = Duration.ofMillis(500);
        try (RedisServer frozen = RedisServer.start(); Nexus nexus = Nexus.builder().port(0)
                .runStore(new RedisRunStore(frozen.uri(), "kaizen-frozen:", timeout, Duration.ofHours(1), JSON))
                .build().start()) {
            Deployments.deployAsApi(TestAgents.agent("echo", "Echoes", inputs -> java.util.Map.of("answer", "a")),
                    nexus, "echo");
            HttpRequest submit = HttpRequest.newBuilder(URI.create(nexus.baseUri() + "/api/workflows/echo/execute"))
                    .header("Content-Type", "application/json").header("Prefer", "respond-async")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"question\":\"q\"}}")).build();
            String runId = JSON.readTree(http.send(submit, HttpResponse.BodyHandlers.ofString()).body()).path("runId")
                    .asString();
            frozen.freeze();

            assertThat(get(nexus, "/api/runs/" + runId).statusCode()).isEqualTo(503);
            // The first failure opened the breaker: from now on calls fail without waiting on Redis.
            assertThat(output.getOut()).contains("the run store (Redis at", "calls fail at once");
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(i % 2 == 0 ? get(nexus, "/api/runs/" + runId)
                        : http.send(submit, HttpResponse.BodyHandlers.ofString()));
            }

            for (HttpResponse<String> answer : answers) {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
                assertThat(answer.body()).contains("session-store-unavailable", "run store (Redis at");
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            }

            frozen.thaw();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int status = 503;
            while (status != 200 && System.nanoTime() < deadline) {
                status = get(nexus, "/api/runs/" + runId).statusCode();
                Thread.onSpinWait();
            }
            assertThat(status).as("runs are read again once Redis is back").isEqualTo(200);
            assertThat(http.send(submit, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
        }
    }

    private HttpResponse<String> get(Nexus nexus, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(nexus.baseUri() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
