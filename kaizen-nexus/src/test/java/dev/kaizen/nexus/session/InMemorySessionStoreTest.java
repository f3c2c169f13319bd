package dev.kaizen.nexus.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.Concurrently;
import tools.jackson.databind.json.JsonMapper;

/** The contract on the in-memory store, plus expiry and eviction on a fake clock: no sleeping. */
class InMemorySessionStoreTest extends SessionStoreContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FakeTime time = new FakeTime();

    @Override
    protected NexusSessionManager newManager(NexusSessionManager.Builder limits) {
        return limits.sessionTtl(Duration.ofMinutes(30)).ticker(time).clock(time).executor(Runnable::run).build();
    }

    @Override
    protected void letExpire(Duration ttl, List<String> ids) {
        // Caffeine's timer wheel removes expired sessions a second or so after their expiry.
        time.advance(ttl.plusSeconds(2));
    }

    @Test
    void aSessionExpiresItsTtlAfterItsLastAccess() {
        String id = sessions.createSession().id();

        time.advance(Duration.ofMinutes(29));
        assertThat(sessions.getSession(id)).as("still alive before its TTL").isPresent();
        time.advance(Duration.ofMinutes(29));
        assertThat(sessions.getSession(id)).as("the read refreshed it").isPresent();
        time.advance(Duration.ofMinutes(31));

        assertThat(sessions.getSession(id)).as("expired 31 minutes after the last access").isEmpty();
        assertThat(sessions.updateSessionState(id, Map.of("late", true), "api")).isFalse();
    }

    @Test
    void writesRefreshTheTtlToo() {
        String id = sessions.createSession().id();
        time.advance(Duration.ofMinutes(20));
        sessions.updateSessionState(id, Map.of("k", 1), "mcp");
        time.advance(Duration.ofMinutes(20));

        assertThat(sessions.getSession(id)).isPresent();
        assertThat(sessions.getSession(id).orElseThrow().lastAccessedAt()).isEqualTo(time.instant());
    }

    @Test
    void cleanupRemovesExpiredSessionsAndCountsThem() {
        for (int i = 0; i < 1000; i++) {
            sessions.createSession();
        }
        String fresh = sessions.createSession("fresh", null, Duration.ofHours(5)).id();
        time.advance(Duration.ofMinutes(31));

        int removed = sessions.cleanupExpiredSessions();

        assertThat(removed).isEqualTo(1000);
        assertThat(sessions.getSession(fresh)).isPresent();
        SessionMetrics metrics = sessions.getSessionMetrics();
        assertThat(metrics.activeSessions()).isEqualTo(1);
        assertThat(metrics.expired()).isEqualTo(1000);
        assertThat(metrics.totalCreated()).isEqualTo(1001);
        assertThat(sessions.cleanupExpiredSessions()).isZero();
    }

    @Test
    void beyondTheMaximumTheLeastRecentlyUsedAreEvicted() {
        NexusSessionManager small = NexusSessionManager.builder().maxSessions(100).ticker(time).clock(time)
                .executor(Runnable::run).build();
        for (int i = 0; i < 1000; i++) {
            small.createSession("s" + i, null, Duration.ofHours(1));
        }

        assertThat(small.getSessionMetrics().activeSessions()).isEqualTo(100);
    }

    @Test
    void theCleanupSchedulerRunsOnADaemonThreadAndStops() {
        NexusSessionManager managed = NexusSessionManager.builder().cleanupInterval(Duration.ofMillis(50)).build();

        managed.start();
        assertThat(managed.isStarted()).isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("kaizen-session-cleanup"))
                .allMatch(Thread::isDaemon);
        managed.close();

        assertThat(managed.isStarted()).isFalse();
    }

    @Test
    void aFullStoreRefusesNewSessionsAndMoreStateUntilSessionsLeave() {
        // Room for four empty sessions and 1,000 bytes of state.
        long bound = 4 * InMemorySessionStore.SESSION_OVERHEAD_BYTES + 1000;
        NexusSessionManager small = NexusSessionManager.builder().maxStoreBytes(bound).ticker(time).clock(time)
                .executor(Runnable::run).build();
        String first = small.createSession("a", null, Duration.ofMinutes(1)).id();
        String second = small.createSession("b", "bob", Duration.ofMinutes(10)).id();
        small.updateSessionState(first, Map.of("k", "x".repeat(898)), "api");

        assertThatThrownBy(() -> small.updateSessionState(second, Map.of("k", "x".repeat(700)), "api"))
                .isInstanceOf(SessionStoreFullException.class)
                .hasMessage("the session store is full; nothing was changed, try again once sessions have ended or "
                        + "expired");
        small.createSession("c", null, Duration.ofMinutes(10));
        small.createSession("d", null, Duration.ofMinutes(10));
        assertThatThrownBy(() -> small.createSession("e", null, Duration.ofMinutes(10)))
                .isInstanceOf(SessionStoreFullException.class);
        assertThat(small.getSession("e")).isEmpty();

        time.advance(Duration.ofMinutes(2)); // "a" expires, and gives its bytes back when next asked
        small.updateSessionState(second, Map.of("k", "x".repeat(700)), "api");
        small.createSession("e", null, Duration.ofMinutes(10));
        assertThat(small.deleteSession("c")).isTrue();
        assertThat(small.createSession("f", null, Duration.ofMinutes(10)).id()).isEqualTo("f");
    }

    @Test
    void whatSessionsHoldIsCountedExactlyWhateverManyThreadsDo() throws Exception {
        InMemorySessionStore store = new InMemorySessionStore(100_000, Long.MAX_VALUE, time, Runnable::run);
        NexusSessionManager shared = NexusSessionManager.builder().store(store).clock(time).build();
        List<String> principals = List.of("alice", "bob", "carol");
        Concurrently.run(24, thread -> {
            java.util.Random random = new java.util.Random(thread);
            for (int i = 0; i < 400; i++) {
                String id = "s" + random.nextInt(200);
                String principal = principals.get(random.nextInt(principals.size()));
                try {
                    switch (random.nextInt(5)) {
                        case 0 -> shared.createSession(id, principal, Duration.ofMinutes(10 + random.nextInt(30)),
                                principal);
                        case 1 -> shared.updateSessionState(id, Map.of("k" + random.nextInt(3),
                                "v".repeat(random.nextInt(100))), "api");
                        case 2 -> shared.updateSessionValue(id, "k0", old -> random.nextBoolean() ? null : "w", "api");
                        case 3 -> shared.deleteSession(id);
                        default -> shared.getSession(id);
                    }
                }
                catch (SessionExistsException taken) {
                    // Another thread made it first: part of the mix.
                }
            }
        });
        shared.cleanupExpiredSessions();

        long bytes = 0;
        java.util.Map<String, long[]> expected = new java.util.HashMap<>();
        for (String id : shared.sessionIds(1000)) {
            Session session = shared.getSession(id).orElseThrow();
            long state = session.state().entrySet().stream().mapToLong(entry -> entry.getKey().length()
                    + JSON.writeValueAsString(entry.getValue()).length()).sum();
            bytes += InMemorySessionStore.SESSION_OVERHEAD_BYTES + state;
            long[] usage = expected.computeIfAbsent(session.userId(), ignored -> new long[2]);
            usage[0]++;
            usage[1] += state;
        }
        assertThat(store.bytes()).isEqualTo(bytes);
        for (String principal : principals) {
            long[] usage = expected.getOrDefault(principal, new long[2]);
            assertThat(store.usageOf(principal)).as(principal)
                    .isEqualTo(new SessionLedger.Usage(usage[0], usage[1]));
        }
        time.advance(Duration.ofHours(1));
        shared.cleanupExpiredSessions();
        assertThat(store.bytes()).as("every expired session gave back what it held").isZero();
        assertThat(principals).allSatisfy(principal -> assertThat(store.usageOf(principal))
                .isEqualTo(SessionLedger.Usage.NONE));
    }
}
