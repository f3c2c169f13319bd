package dev.kaizen.nexus.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract on a real redis-server, plus Redis's own expiry and an unreachable server. */
class RedisSessionStoreTest extends SessionStoreContract {

    private static RedisServer redis;

    private static int prefixes;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected NexusSessionManager newManager(NexusSessionManager.Builder limits) {
        // A prefix per manager keeps tests apart on one server.
        return limits.sessionTtl(Duration.ofMinutes(30))
                .store(new RedisSessionStore(redis.uri(), "test" + (prefixes++) + ":")).build();
    }

    @Override
    protected void letExpire(Duration ttl, List<String> ids) {
        awaitExpiry(sessions, ids);
    }

    /** Redis expires keys on its own clock: polls, within a deadline, until none of the ids is listed. */
    static void awaitExpiry(NexusSessionManager sessions, List<String> ids) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ids.stream().anyMatch(sessions.sessionIds(1000)::contains) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertThat(sessions.sessionIds(1000)).doesNotContainAnyElementsOf(ids);
    }

    @Test
    void redisExpiresASessionItsTtlAfterItsLastAccess() {
        String id = sessions.createSession("short", null, Duration.ofMillis(300)).id();
        assertThat(sessions.sessionIds(10)).contains(id);

        // Listing ids does not touch sessions, so Redis's own clock runs out; poll within a deadline.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sessions.sessionIds(10).contains(id) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }

        assertThat(sessions.sessionIds(10)).doesNotContain(id);
        assertThat(sessions.getSession(id)).isEmpty();
    }

    @Test
    void twoManagersOnOneRedisShareSessions() {
        RedisSessionStore sharedStore = new RedisSessionStore(redis.uri(), "shared:");
        try (NexusSessionManager first = NexusSessionManager.builder().store(sharedStore).build();
                NexusSessionManager second = NexusSessionManager.builder()
                        .store(new RedisSessionStore(redis.uri(), "shared:")).build()) {
            String id = first.createSession("bob").id();
            first.updateSessionState(id, Map.of("from", "first"), "api");

            second.updateSessionState(id, Map.of("to", "second"), "mcp");

            assertThat(first.getSessionState(id).orElseThrow()).containsEntry("from", "first").containsEntry("to", "second");
            assertThat(second.getSession(id).orElseThrow().userId()).isEqualTo("bob");
        }
    }

    @Test
    void instancesOnOneRedisShareEachPrincipalsLimits() {
        try (NexusSessionManager first = NexusSessionManager.builder().maxSessionsPerPrincipal(2)
                .store(new RedisSessionStore(redis.uri(), "quota:")).build();
                NexusSessionManager second = NexusSessionManager.builder().maxSessionsPerPrincipal(2)
                        .store(new RedisSessionStore(redis.uri(), "quota:")).build()) {
            String one = first.createSession("one", "bob", Duration.ofMinutes(5), "bob").id();
            second.createSession("two", "bob", Duration.ofMinutes(5), "bob");

            assertThatThrownBy(() -> first.createSession("three", "bob", Duration.ofMinutes(5), "bob"))
                    .isInstanceOf(SessionQuotaExceededException.class);
            assertThat(second.deleteSession(one)).isTrue();
            assertThat(first.createSession("three", "bob", Duration.ofMinutes(5), "bob").id()).isEqualTo("three");
        }
    }

    @Test
    void anUnreachableRedisIsAClearStoreFailure() {
        try (NexusSessionManager down = NexusSessionManager.builder()
                .store(new RedisSessionStore(URI.create("redis://127.0.0.1:9"), "x:")).build()) {
            assertThatThrownBy(down::createSession).isInstanceOf(SessionStoreUnavailableException.class)
                    .hasMessageStartingWith("the session store (Redis at 127.0.0.1:9) cannot be reached");
        }
    }
}
