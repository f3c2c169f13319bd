package dev.kaizen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The memory attack of issue 25, scaled to a small heap: the example app in a JVM of its own with
 * {@code -Xmx64m -XX:+ExitOnOutOfMemoryError}, one API key without scopes under a rate limit, and
 * eight threads that each create a session and write a 250,000-character note into it, over and
 * over. Every answer must be a success or a problem document with a status docs/errors.md lists
 * (never a 500, never Spring's own error body), and afterwards the server must still be up and
 * answer {@code /health} in time: the session limits, not the JVM's end, stop the attack.
 */
class SessionMemoryFloodTest {

    private static final String KEY = "bob-flood-key-0123456789";

    private static final Pattern SERVING = Pattern.compile(ExampleApp.TRY + "(http://\\S+)");

    /** What the attack may be answered with: successes and the documented refusals. */
    private static final Set<Integer> DOCUMENTED = Set.of(200, 201, 413, 429, 503, 507);

    /** How long the flood may go on; it ends sooner, {@link #AFTER_LIMIT} after the first refusal for a limit. */
    private static final Duration FLOOD = Duration.ofSeconds(20);

    /** How long the flood goes on once a limit refused a write, to show that the server stays steady. */
    private static final Duration AFTER_LIMIT = Duration.ofSeconds(3);

    private static final int THREADS = 8;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private Process server;

    private Path output;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        http.close();
    }

    @Test
    void floodingSessionsWithStateFromOnePrincipalNeverFailsTheServer() throws Exception {
        String base = startServer();
        String note = "n".repeat(250_000);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicLong end = new AtomicLong(System.nanoTime() + FLOOD.toNanos());
        try (ExecutorService threads = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                running.add(threads.submit(() -> {
                    while (System.nanoTime() < end.get() && server.isAlive() && wrong.size() < 20) {
                        Optional<HttpResponse<String>> created = send(post(base + "/api/sessions", "{}"));
                        String sessionId = created.filter(answer -> answer.statusCode() == 201)
                                .map(answer -> JSON.readTree(answer.body()).path("id").asString()).orElse("flood");
                        Optional<HttpResponse<String>> noted = send(post(base + "/api/workflows/notes/execute",
                                JSON.writeValueAsString(Map.of("inputs", Map.of("note", note),
                                        "sessionId", sessionId))));
                        for (Optional<HttpResponse<String>> answer : List.of(created, noted)) {
                            if (answer.isEmpty()) {
                                unanswered.incrementAndGet();
                                continue;
                            }
                            int status = answer.get().statusCode();
                            statuses.computeIfAbsent(status, ignored -> new AtomicInteger()).incrementAndGet();
                            if (status == 429 || status == 507) {
                                long soon = System.nanoTime() + AFTER_LIMIT.toNanos();
                                end.accumulateAndGet(soon, Math::min);
                            }
                            check(answer.get()).ifPresent(wrong::add);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> thread : running) {
                thread.get(FLOOD.toSeconds() + 30, TimeUnit.SECONDS);
            }
        }

        Map<Integer, AtomicInteger> seen = new TreeMap<>(statuses);
        assertThat(server.isAlive()).as("the server is still running after the flood (answers: %s); its output "
                + "ends:\n%s", seen, tail()).isTrue();
        assertThat(wrong).as("answers outside the failure table (answers: %s)", seen).isEmpty();
        assertThat(unanswered.get()).as("requests that got no answer (answers: %s)", seen).isZero();
        assertThat(seen.keySet()).as("the flood reached a session limit (answers: %s)", seen).containsAnyOf(429, 507);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    }

    /** @return what is wrong with an answer, if anything */
    private static Optional<String> check(HttpResponse<String> answer) {
        int status = answer.statusCode();
        String body = answer.body().length() > 300 ? answer.body().substring(0, 300) + "..." : answer.body();
        if (!DOCUMENTED.contains(status)) {
            return Optional.of(status + " " + body);
        }
        if (status >= 400) {
            String type = answer.headers().firstValue("Content-Type").orElse("");
            JsonNode problem = JSON.readTree(answer.body());
            if (!type.startsWith("application/problem+json")
                    || !problem.path("type").asString().startsWith("urn:kaizen:problem:")) {
                return Optional.of(status + " " + type + " " + body);
            }
        }
        return Optional.empty();
    }

    private HttpRequest post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json").header("X-API-Key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** @return the answer, or empty when none came (the server closed the connection, or is gone) */
    private Optional<HttpResponse<String>> send(HttpRequest request) {
        try {
            return Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString()));
        }
        catch (IOException noAnswer) {
            return Optional.empty();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Starts the example app as a user would on a small machine, and waits for its address. */
    private String startServer() throws Exception {
        Path target = Path.of("target", "session-memory-flood");
        Files.createDirectories(target);
        output = target.resolve("server.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), ExamplesApplication.class.getName(), "--server.port=0",
                "--spring.main.banner-mode=off", "--kaizen.nexus.security.audit=false",
                "--kaizen.nexus.security.api-keys.bob={noop}" + KEY,
                "--kaizen.nexus.security.rate-limit.requests=100000", "--kaizen.nexus.security.rate-limit.period=1m")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && server.isAlive()) {
            Matcher serving = SERVING.matcher(Files.readString(output));
            if (serving.find()) {
                return serving.group(1);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new AssertionError("the example app did not start; its output:\n" + Files.readString(output));
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(output);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
