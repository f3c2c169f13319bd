package dev.kaizen.nexus.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.kaizen.core.FunctionAgent;
import dev.kaizen.nexus.Concurrently;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.session.RedisServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs in progress hold a lease in Redis that their instance renews; when the instance dies, any
 * other ends its runs as {@code failed}, {@code instance-lost}, exactly once, with their last event
 * and their webhook, whether someone looks at them or not.
 */
class RunLeasesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Short, and still three renewals long: a test machine under load renews in time. */
    private static final Duration LEASE = Duration.ofSeconds(2);

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final String LOST_TYPE = "urn:kaizen:problem:instance-lost";

    private static RedisServer redis;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private static RedisRunStore store(String prefix) {
        return store(redis.uri(), prefix);
    }

    private static RedisRunStore store(URI server, String prefix) {
        return new RedisRunStore(server, prefix, Duration.ofMillis(500), Duration.ofHours(1), LEASE, JSON);
    }

    private static Nexus instance(RunStore store) {
        return Nexus.builder().port(0).drainTimeout(Duration.ZERO).runStore(store)
                .webhooks(new WebhookSettings(List.of("127.0.0.1:*"), SECRET, 1, Duration.ofMillis(10))).build()
                .start();
    }

    @Test
    void theRunsOfAnInstanceKilledWithSigkillEndAsInstanceLostOnceWithTheirLastEventAndOneWebhookEach()
            throws Exception {
        String prefix = "killed:";
        Map<String, List<String>> webhooks = new ConcurrentHashMap<>();
        HttpServer receiver = receiver(webhooks);
        Process doomed = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                InstanceToKill.class.getName(), redis.uri().toString(), prefix, Long.toString(LEASE.toMillis()), SECRET)
                .redirectErrorStream(true).start();
        List<String> doomedOutput = new CopyOnWriteArrayList<>();
        try (Nexus b = instance(store(prefix)); Nexus c = instance(store(prefix))) {
            URI doomedUri = URI.create("http://127.0.0.1:" + portOf(doomed, doomedOutput));
            String callback = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            List<String> runIds = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> accepted = send(HttpRequest.newBuilder(doomedUri.resolve(
                        "/api/workflows/blocks/execute")).header("Content-Type", "application/json")
                        .header("Prefer", "respond-async").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"inputs\":{\"text\":\"t" + i + "\"},\"callbackUrl\":\"" + callback + "\"}")));
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                runIds.add(JSON.readTree(accepted.body()).path("runId").asString());
            }
            // Two run, three wait their turn; the doomed instance renews their leases while it lives.
            long submitted = System.nanoTime();
            await("two runs running and three queued, held past two lease times", () -> statuses(b, runIds)
                    .equals(List.of("running", "running", "queued", "queued", "queued"))
                    && System.nanoTime() - submitted > 2 * LEASE.toNanos(), doomedOutput);
            assertThat(statuses(c, runIds)).doesNotContain("failed");

            doomed.destroyForcibly(); // SIGKILL: no drain, no shutdown hook
            assertThat(doomed.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(doomed.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

            // Nobody reads them: the instances' sweeps alone end them and deliver their webhooks.
            await("a webhook for each lost run", () -> webhooks.keySet().containsAll(runIds), doomedOutput);
            for (String runId : runIds) {
                for (Nexus survivor : List.of(b, c)) {
                    JsonNode run = JSON.readTree(get(survivor, "/api/runs/" + runId).body());
                    assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("failed");
                    assertThat(run.at("/problem/type").asString()).isEqualTo(LOST_TYPE);
                    assertThat(run.at("/problem/status").asInt()).isEqualTo(503);
                    assertThat(run.at("/problem/detail").asString()).contains(runId, "blocks", "start it again");
                }
                List<Map.Entry<String, JsonNode>> events = events(c, runId);
                assertThat(events.getLast().getKey()).isEqualTo("error");
                assertThat(events.getLast().getValue().path("type").asString()).isEqualTo(LOST_TYPE);
                assertThat(events).extracting(Map.Entry::getKey).containsOnlyOnce("error");

                HttpResponse<String> deleted = send(HttpRequest.newBuilder(URI.create(b.baseUri() + "/api/runs/"
                        + runId)).DELETE());
                assertThat(deleted.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(deleted.body()).path("status").asString()).isEqualTo("failed");
            }
            assertThat(events(b, runIds.get(0))).extracting(Map.Entry::getKey).containsExactly("started", "error");
            assertThat(events(b, runIds.get(4))).extracting(Map.Entry::getKey).containsExactly("error");

            for (String runId : runIds) {
                assertThat(webhooks.get(runId)).as("webhooks of " + runId).hasSize(1);
                JsonNode delivered = JSON.readTree(webhooks.get(runId).getFirst());
                assertThat(delivered.path("status").asString()).isEqualTo("failed");
                assertThat(delivered.at("/problem/type").asString()).isEqualTo(LOST_TYPE);
                JsonNode run = JSON.readTree(get(c, "/api/runs/" + runId).body());
                assertThat(run.path("deliveries")).hasSize(1);
                assertThat(run.at("/deliveries/0/status").asInt()).isEqualTo(204);
            }
        }
        finally {
            doomed.destroyForcibly();
            receiver.stop(0);
        }
    }

    @Test
    void aLostRunIsEndedByWhicheverInstanceReadsFollowsCancelsOrListsIt() throws Exception {
        String prefix = "looked-at:";
        try (RedisRunStore dead = store(prefix); Nexus alive = instance(new WithoutSweep(store(prefix)))) {
            // What a killed instance leaves behind: runs in progress whose leases nobody renews.
            List<String> runIds = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                RunRecord queued = RunRecord.queued(UUID.randomUUID().toString(), "blocks", "lost-session", "",
                        Instant.now(), 0.1, null);
                dead.save(queued);
                dead.save(queued.running(2.0));
                dead.append(queued.runId(), RunEvent.started(queued.runId(), "lost-session"));
                runIds.add(queued.runId());
            }
            await("their leases to pass", () -> dead.lost(runIds).size() == 4, List.of());

            JsonNode read = JSON.readTree(get(alive, "/api/runs/" + runIds.get(0)).body());
            List<Map.Entry<String, JsonNode>> followed = events(alive, runIds.get(1));
            HttpResponse<String> cancelled = send(HttpRequest.newBuilder(URI.create(alive.baseUri() + "/api/runs/"
                    + runIds.get(2))).DELETE());
            JsonNode listed = JSON.readTree(get(alive, "/api/runs?sessionId=lost-session").body());

            assertThat(read.path("status").asString()).isEqualTo("failed");
            assertThat(read.at("/problem/type").asString()).isEqualTo(LOST_TYPE);
            assertThat(read.at("/timings/queueMs").asDouble()).isEqualTo(2.0);
            assertThat(followed).extracting(Map.Entry::getKey).containsExactly("started", "error");
            assertThat(followed.getLast().getValue().path("type").asString()).isEqualTo(LOST_TYPE);
            assertThat(cancelled.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(cancelled.body()).at("/problem/type").asString()).isEqualTo(LOST_TYPE);
            assertThat(listed.path("runs").valueStream().map(run -> run.path("status").asString()).toList())
                    .containsExactly("failed", "failed", "failed", "failed");
            assertThat(dead.lost(runIds)).isEmpty();
        }
    }

    @Test
    void ofSixteenThreadsOnFourInstancesEndingOneLostRunAtOnceExactlyOneDoes() throws Exception {
        String prefix = "race:";
        List<RedisRunStore> stores = List.of(store(prefix), store(prefix), store(prefix), store(prefix));
        try {
            RunRecord queued = RunRecord.queued("r-race", "w", null, "", Instant.now(), 0.1, null);
            stores.get(0).save(queued);
            await("its lease to pass", () -> stores.get(1).lost(1000).contains("r-race"), List.of());
            AtomicInteger ended = new AtomicInteger();

            Concurrently.run(16, thread -> {
                Map<String, Object> problem = Map.of("type", LOST_TYPE, "thread", thread);
                if (stores.get(thread % 4).endLost(queued.ended(RunStatus.FAILED, problem, null),
                        new RunEvent("error", problem))) {
                    ended.incrementAndGet();
                }
            });

            assertThat(ended).hasValue(1);
            List<RunEvent> events = stores.get(2).events("r-race", 0);
            assertThat(events).hasSize(1);
            assertThat(stores.get(3).find("r-race").orElseThrow().problem()).isEqualTo(events.getFirst().data());
            assertThat(stores.get(0).lost(1000)).doesNotContain("r-race");
        }
        finally {
            stores.forEach(RedisRunStore::close);
        }
    }

    @Test
    void anInstanceBackAfterItsRunWasEndedAsLostLearnsSoAtItsRenewalAndWritesNothingMoreForIt() throws Exception {
        String prefix = "back:";
        try (RedisRunStore owner = store(prefix); RedisRunStore other = store(prefix)) {
            RunRecord queued = RunRecord.queued("r-back", "w", null, "", Instant.now(), 0.1, null);
            owner.save(queued);
            owner.save(queued.running(1.0));
            await("its lease to pass", () -> !other.lost(List.of("r-back")).isEmpty(), List.of());
            Map<String, Object> problem = Map.of("type", LOST_TYPE);
            assertThat(other.endLost(queued.ended(RunStatus.FAILED, problem, null), new RunEvent("error", problem)))
                    .isTrue();

            assertThat(owner.renewLeases(List.of("r-back"))).containsExactly("r-back");
            owner.append("r-back", RunEvent.token("late"));
            owner.save(queued.running(1.0));
            assertThat(owner.end(queued.running(1.0).succeeded(Map.of("result", "late"), 5.0),
                    new RunEvent("result", Map.of("result", "late")))).isFalse();

            assertThat(other.find("r-back").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
            assertThat(other.events("r-back", 0)).extracting(RunEvent::name).containsExactly("error");
        }
    }

    @Test
    void theRunsOfALiveInstanceOutliveManyLeaseTimes() throws Exception {
        String prefix = "alive:";
        CountDownLatch release = new CountDownLatch(1);
        try (Nexus a = instance(store(prefix)); Nexus b = instance(store(prefix))) {
            String runId = startHeld(a, release);

            long until = System.nanoTime() + 3 * LEASE.toNanos();
            while (System.nanoTime() < until) { // read on B all along: its reads and sweeps must leave it be
                assertThat(statuses(b, List.of(runId)).getFirst()).isIn("queued", "running");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            release.countDown();
            await("the run to succeed", () -> statuses(b, List.of(runId)).equals(List.of("succeeded")), List.of());
        }
    }

    @Test
    void aRedisFrozenForLongerThanTheLeaseEndsNoRunOfALiveInstance() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RedisServer own = RedisServer.start(); Nexus a = instance(store(own.uri(), "frozen:"));
                Nexus b = instance(store(own.uri(), "frozen:"))) {
            String runId = startHeld(a, release);
            await("the run to start", () -> statuses(b, List.of(runId)).equals(List.of("running")), List.of());

            own.freeze();
            long frozen = System.nanoTime();
            await("two lease times to pass with Redis frozen", () -> System.nanoTime() - frozen > 2 * LEASE.toNanos(),
                    List.of());
            own.thaw();
            long thawed = System.nanoTime();
            while (System.nanoTime() - thawed < 3 * LEASE.toNanos()) {
                HttpResponse<String> read = get(b, "/api/runs/" + runId); // 503 while the breakers let it be
                if (read.statusCode() == 200) {
                    assertThat(JSON.readTree(read.body()).path("status").asString()).isEqualTo("running");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            release.countDown();
            await("the run to succeed", () -> statuses(b, List.of(runId)).equals(List.of("succeeded")), List.of());
        }
    }

    /** Starts a run of {@code held} on the instance, which ends (succeeds) once {@code release} opens. */
    private String startHeld(Nexus nexus, CountDownLatch release) throws Exception {
        Deployments.deployAsApi(FunctionAgent.builder().name("held").signature(TestAgents.textSignature())
                .function(inputs -> {
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Map.of("result", "done");
                }).build(), nexus, "held");
        HttpResponse<String> accepted = send(HttpRequest.newBuilder(URI.create(nexus.baseUri()
                + "/api/workflows/held/execute")).header("Content-Type", "application/json")
                .header("Prefer", "respond-async").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"inputs\":{\"text\":\"x\"}}")));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return JSON.readTree(accepted.body()).path("runId").asString();
    }

    private static HttpServer receiver(Map<String, List<String>> webhooks) throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String runId = exchange.getRequestHeaders().getFirst("webhook-id").substring("msg_".length());
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            boolean signed = exchange.getRequestHeaders().getFirst("webhook-signature").equals(
                    new WebhookSigner(SECRET).sign("msg_" + runId, Long.parseLong(timestamp), body));
            if (signed) {
                webhooks.computeIfAbsent(runId, id -> new CopyOnWriteArrayList<>()).add(body);
            }
            exchange.sendResponseHeaders(signed ? 204 : 401, -1);
            exchange.close();
        });
        receiver.start();
        return receiver;
    }

    /** The port the process prints once it serves; its output is kept for the failure message. */
    private static int portOf(Process process, List<String> output) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                    if (line.startsWith("port=")) {
                        port.complete(Integer.parseInt(line.substring(5).strip()));
                    }
                }
            }
            catch (java.io.IOException ended) {
                // The process is gone: its output ends here.
            }
            port.completeExceptionally(new IllegalStateException("the instance exited: " + output));
        });
        return port.get(60, TimeUnit.SECONDS);
    }

    private List<String> statuses(Nexus nexus, List<String> runIds) {
        return runIds.stream().map(runId -> {
            try {
                return JSON.readTree(get(nexus, "/api/runs/" + runId).body()).path("status").asString();
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The run's events, as its stream sends them until it ends (within 10 s). */
    private List<Map.Entry<String, JsonNode>> events(Nexus nexus, String runId) throws Exception {
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(nexus.baseUri() + "/api/runs/"
                + runId + "/events")).build(), HttpResponse.BodyHandlers.ofInputStream());
        CompletableFuture<List<Map.Entry<String, JsonNode>>> events = CompletableFuture.supplyAsync(() -> {
            List<Map.Entry<String, JsonNode>> read = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(),
                    StandardCharsets.UTF_8))) {
                String name = null;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    }
                    else if (line.startsWith("data:") && name != null) {
                        read.add(Map.entry(name, JSON.readTree(line.substring(5).strip())));
                    }
                }
            }
            catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return read;
        });
        return events.get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(Nexus nexus, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(nexus.baseUri() + path)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls (every 20 ms) until {@code done}, for at most 30 s. */
    private static void await(String what, BooleanSupplier done, List<String> context) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("waited 30 s for " + what + "; " + context).isTrue();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** A run store whose instance makes no sweep: only looking at a lost run can end it. */
    private record WithoutSweep(RunStore store) implements RunStore {

        @Override
        public void save(RunRecord run) {
            store.save(run);
        }

        @Override
        public Optional<RunRecord> find(String runId) {
            return store.find(runId);
        }

        @Override
        public List<RunRecord> bySession(String sessionId) {
            return store.bySession(sessionId);
        }

        @Override
        public void append(String runId, RunEvent event) {
            store.append(runId, event);
        }

        @Override
        public List<RunEvent> events(String runId, int from) {
            return store.events(runId, from);
        }

        @Override
        public boolean end(RunRecord ended, RunEvent last) {
            return store.end(ended, last);
        }

        @Override
        public boolean endLost(RunRecord ended, RunEvent last) {
            return store.endLost(ended, last);
        }

        @Override
        public void requestCancel(String runId) {
            store.requestCancel(runId);
        }

        @Override
        public Set<String> cancelRequested(Collection<String> runIds) {
            return store.cancelRequested(runIds);
        }

        @Override
        public boolean shared() {
            return true;
        }

        @Override
        public @Nullable Duration leaseTime() {
            return store.leaseTime();
        }

        @Override
        public Set<String> renewLeases(Collection<String> runIds) {
            return store.renewLeases(runIds);
        }

        @Override
        public Set<String> lost(Collection<String> runIds) {
            return store.lost(runIds);
        }

        @Override
        public List<String> lost(int limit) {
            return List.of();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
