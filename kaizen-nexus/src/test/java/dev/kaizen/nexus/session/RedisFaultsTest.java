package dev.kaizen.nexus.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.NoInternals;
import dev.kaizen.nexus.rest.RestClient;

/**
 * A real Redis that freezes or runs out of memory: calls fail fast with the store's own failure,
 * never pile up, recover by themselves, and the outage is logged once each way.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisFaultsTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);

    @Test
    void aFrozenRedisFailsFastWithoutPilingUpAndRecovers(CapturedOutput output) throws Exception {
        try (RedisServer redis = RedisServer.start();
                NexusSessionManager sessions = NexusSessionManager.builder()
                        .store(new RedisSessionStore(redis.uri(), "faults:", TIMEOUT)).build()) {
            String id = sessions.createSession("carol").id();
            redis.freeze();

            assertThatThrownBy(() -> sessions.getSession(id)).isInstanceOf(SessionStoreUnavailableException.class)
                    .hasMessage("the session store (Redis at 127.0.0.1:" + redis.port()
                            + ") cannot be reached or did not answer in time");
            List<Throwable> failures = fiftyAtOnce(() -> sessions.getSession(id));

            // The breaker answers them without touching Redis: none waited out a timeout of its own
            // (a probe may, each time the open time has passed).
            assertThat(failures).hasSize(50).allMatch(SessionStoreUnavailableException.class::isInstance);
            assertThat(failures).filteredOn(f -> f.getMessage().endsWith("is unavailable; try again shortly"))
                    .as("failed at once by the breaker").hasSizeGreaterThanOrEqualTo(48);
            assertThat(sessions.storeAvailable()).isFalse();

            redis.thaw();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean back = false;
            while (!back && System.nanoTime() < deadline) {
                try {
                    back = sessions.getSession(id).isPresent();
                }
                catch (SessionStoreUnavailableException stillDown) {
                    Thread.onSpinWait();
                }
            }
            assertThat(back).as("the store answers again by itself").isTrue();
            assertThat(sessions.storeAvailable()).isTrue();
        }
        String log = output.getOut() + output.getErr();
        assertThat(log.split("calls fail at once", -1)).as("one line when the outage starts").hasSize(2);
        assertThat(log.split("is reachable again", -1)).as("one line when it ends").hasSize(2);
    }

    @Test
    void aRedisOutOfMemoryIsTheStoreBeingUnavailableOnRest() throws Exception {
        try (RedisServer redis = RedisServer.start("--maxmemory", "3mb", "--maxmemory-policy", "noeviction");
                Nexus nexus = Nexus.builder().port(0).sessions(NexusSessionManager.builder().maxStateBytes(512 * 1024)
                        .store(new RedisSessionStore(redis.uri(), "oom:", TIMEOUT)).build()).build().start()) {
            NexusSessionManager sessions = nexus.sessions();
            SessionStoreUnavailableException refused = null;
            for (int i = 0; i < 200 && refused == null; i++) {
                try {
                    String id = sessions.createSession(null).id();
                    sessions.updateSessionState(id, Map.of("filler", "x".repeat(100_000)), "api");
                }
                catch (SessionStoreUnavailableException e) {
                    refused = e;
                }
            }
            assertThat(refused).as("Redis refused writes within 200 sessions of 100 KB").isNotNull();
            assertThat(refused.getMessage()).endsWith("refuses writes: it is out of memory (maxmemory)");

            RestClient.Response response = new RestClient(nexus.baseUri()).post("/api/sessions", Map.of());
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.json().get("type").asString()).isEqualTo("urn:kaizen:problem:session-store-unavailable");
            assertThat(response.header("Retry-After")).isNotNull();
            NoInternals.assertClean("POST /api/sessions on a full Redis", response.raw().body());
            assertThat(new RestClient(nexus.baseUri()).get("/health").json().get("sessionStore").asString())
                    .isEqualTo("unavailable");
        }
    }

    private static List<Throwable> fiftyAtOnce(Runnable call) throws Exception {
        List<Throwable> failures = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(50)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(threads.submit(call));
            }
            for (Future<?> future : futures) {
                try {
                    future.get(30, TimeUnit.SECONDS);
                }
                catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
        }
        return failures;
    }
}
