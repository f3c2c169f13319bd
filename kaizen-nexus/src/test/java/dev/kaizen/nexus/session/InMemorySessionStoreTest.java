package dev.kaizen.nexus.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The contract on the in-memory store, plus expiry and eviction on a fake clock: no sleeping. */
class InMemorySessionStoreTest extends SessionStoreContract {

    private final FakeTime time = new FakeTime();

    @Override
    protected NexusSessionManager newManager(long maxStateBytes) {
        return NexusSessionManager.builder().sessionTtl(Duration.ofMinutes(30)).maxStateBytes(maxStateBytes)
                .ticker(time).clock(time).executor(Runnable::run).build();
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
}
