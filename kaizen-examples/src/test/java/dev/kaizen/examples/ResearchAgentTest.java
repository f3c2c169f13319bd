package dev.kaizen.examples;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The slow example over a real Nexus on a random port: its progress and findings stream in order,
 * and a cancel ends it in the middle of a step instead of at the step's end.
 */
class ResearchAgentTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Far longer than any deadline below: a run that stops within one was stopped by the cancel. */
    private static final Duration LONG_STEP = Duration.ofSeconds(30);

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    /** From a cancel to the run's end: a step's wait wakes at once, so this is generous for a busy machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(3);

    private static Nexus nexus;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        nexus = Nexus.builder().port(0).build().start();
        Deployments.deployAsApi(new ResearchAgent(Duration.ofMillis(10)), nexus, "research");
        Deployments.deployAsApi(new ResearchAgent(LONG_STEP), nexus, "research-slowly");
    }

    @AfterAll
    static void stop() {
        nexus.close();
    }

    /** One Server-Sent Event. */
    record Event(String name, JsonNode data) {
    }

    @Test
    void eachStepReportsItsProgressThenItsFindingInOrderAndTheReportHasThemAll() throws Exception {
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(uri("/api/workflows/research/execute"))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"topic\":\"tea\",\"steps\":3}}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());

        List<Event> events = readUntilEnd(stream.body(), new CountDownLatch(1));

        assertThat(events).extracting(Event::name).containsExactly("started", "progress", "token", "progress",
                "token", "progress", "token", "result");
        assertThat(events).filteredOn(event -> event.name().equals("progress"))
                .extracting(event -> event.data().path("message").asString() + " @ " + event.data().path("fraction"))
                .containsExactly("researching step 1 of 3 @ 0.0", "researching step 2 of 3 @ 0.3333333333333333",
                        "researching step 3 of 3 @ 0.6666666666666666");
        List<String> findings = events.stream().filter(event -> event.name().equals("token"))
                .map(event -> event.data().path("text").asString()).toList();
        assertThat(findings).containsExactly("Step 1: looked into what tea is.\n",
                "Step 2: looked into where tea comes from.\n", "Step 3: looked into who uses tea.\n");
        assertThat(events.getLast().data().at("/outputs/report").asString())
                .isEqualTo(String.join("", findings).strip());
    }

    @Test
    void deleteStopsARunInTheMiddleOfAStep() throws Exception {
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(uri("/api/workflows/research-slowly/execute"))
                .header("Content-Type", "application/json").header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"steps\":2}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = JSON.readTree(accepted.body()).path("runId").asString();
        HttpResponse<InputStream> events = http.send(HttpRequest.newBuilder(uri("/api/runs/" + runId + "/events"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        CountDownLatch firstStepBegun = new CountDownLatch(1);
        List<Event> all;
        HttpResponse<String> cancelled;
        long cancelledAt;
        try (ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Event>> read = reader.submit(() -> readUntilEnd(events.body(), firstStepBegun));
            assertThat(firstStepBegun.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("the first step began")
                    .isTrue();

            cancelledAt = System.nanoTime();
            cancelled = http.send(HttpRequest.newBuilder(uri("/api/runs/" + runId)).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            all = read.get();
        }
        Duration stoppedWithin = Duration.ofNanos(System.nanoTime() - cancelledAt);

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(all).extracting(Event::name).containsExactly("started", "progress", "error");
        assertThat(all.getLast().data().path("type").asString()).isEqualTo("urn:kaizen:problem:cancelled");
        assertThat(stoppedWithin).as("from DELETE to the run's last event").isLessThan(PROMPTLY);
        JsonNode run = JSON.readTree(http.send(HttpRequest.newBuilder(uri("/api/runs/" + runId)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(run.path("status").asString()).isEqualTo("cancelled");
        assertThat(run.at("/timings/runMs").asDouble()).as("it ran for less than its first step")
                .isLessThan(LONG_STEP.toMillis());
    }

    @Test
    void tooManyOrTooFewStepsAreRefusedNamingTheField() throws Exception {
        for (int steps : new int[] {0, ResearchAgent.MAX_STEPS + 1}) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(uri("/api/workflows/research/execute"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"steps\":" + steps + "}}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("detail").asString())
                    .isEqualTo("invalid inputs: steps: must be from 1 to 20, got " + steps);
        }
    }

    /**
     * Reads Server-Sent Events until the stream ends (after the run's last event), failing after
     * the deadline; counts {@code progressSeen} down at the first progress event.
     */
    private static List<Event> readUntilEnd(InputStream body, CountDownLatch progressSeen) throws Exception {
        try (ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Event>> reading = reader.submit(() -> {
                List<Event> events = new ArrayList<>();
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String name = null;
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("event:")) {
                            name = line.substring("event:".length()).strip();
                        }
                        else if (line.startsWith("data:") && name != null) {
                            events.add(new Event(name, JSON.readTree(line.substring("data:".length()).strip())));
                            if (name.equals("progress")) {
                                progressSeen.countDown();
                            }
                            name = null;
                        }
                    }
                }
                return events;
            });
            try {
                return reading.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
            finally {
                body.close(); // after a timeout, so that the reader ends too
            }
        }
    }

    private static URI uri(String path) {
        return URI.create(nexus.baseUri() + path);
    }
}
