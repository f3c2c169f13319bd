package dev.kaizen.nexus.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.Concurrently;

/** What every session store must do, run once per store against the real thing. */
abstract class SessionStoreContract {

    protected NexusSessionManager sessions;

    /** A manager over the store under test, with the given state size limit. */
    protected abstract NexusSessionManager newManager(long maxStateBytes);

    @BeforeEach
    void createManager() {
        sessions = newManager(1024);
    }

    @AfterEach
    void closeManager() {
        sessions.close();
    }

    @Test
    void createGetAndDelete() {
        Session created = sessions.createSession("alice");

        Session read = sessions.getSession(created.id()).orElseThrow();

        assertThat(read.id()).isEqualTo(created.id()).matches("[A-Za-z0-9_-]{1,128}");
        assertThat(read.userId()).isEqualTo("alice");
        assertThat(read.state()).isEmpty();
        assertThat(read.ttl()).isEqualTo(sessions.sessionTtl());
        assertThat(sessions.deleteSession(created.id())).isTrue();
        assertThat(sessions.getSession(created.id())).isEmpty();
        assertThat(sessions.deleteSession(created.id())).isFalse();
    }

    @Test
    void aChosenIdAndTtlAreKeptAndATakenIdIsRefused() {
        Session session = sessions.createSession("chosen-1", null, Duration.ofMinutes(3));

        assertThat(session.id()).isEqualTo("chosen-1");
        assertThat(sessions.getSession("chosen-1").orElseThrow().ttl()).isEqualTo(Duration.ofMinutes(3));
        assertThatThrownBy(() -> sessions.createSession("chosen-1", null, Duration.ofMinutes(3)))
                .isInstanceOf(SessionExistsException.class).hasMessage("session 'chosen-1' already exists");
    }

    @Test
    void updatesMergeAndStateIsACopy() {
        String id = sessions.createSession().id();

        assertThat(sessions.updateSessionState(id, Map.of("a", 1, "list", List.of("x", "y")), "api")).isTrue();
        assertThat(sessions.updateSessionState(id, Map.of("b", Map.of("nested", true)), "mcp")).isTrue();
        Map<String, Object> state = sessions.getSessionState(id).orElseThrow();

        assertThat(state).containsEntry("a", 1).containsEntry("list", List.of("x", "y"))
                .containsEntry("b", Map.of("nested", true));
        state.put("c", 3);
        assertThat(sessions.getSessionState(id).orElseThrow()).doesNotContainKey("c");
    }

    @Test
    void updatingAnUnknownSessionSaysSo() {
        assertThat(sessions.updateSessionState("nobody", Map.of("a", 1), "api")).isFalse();
        assertThat(sessions.getSessionState("nobody")).isEmpty();
    }

    @Test
    void eachSessionRecordsTheChannelsThatTouchedIt() {
        String id = sessions.createSession().id();

        sessions.touch(id, "api");
        sessions.updateSessionState(id, Map.of("k", "v"), "cli");

        assertThat(sessions.getSession(id).orElseThrow().channels()).containsOnlyKeys("api", "cli");
        assertThat(sessions.getSessionMetrics().channelsUsed()).containsKeys("api", "cli");
    }

    @Test
    void stateBeyondTheLimitIsRefusedAndNothingChanges() {
        String id = sessions.createSession().id();
        sessions.updateSessionState(id, Map.of("small", "ok"), "api");

        assertThatThrownBy(() -> sessions.updateSessionState(id, Map.of("big", "x".repeat(2000), "other", 1), "api"))
                .isInstanceOf(SessionStateTooLargeException.class).hasMessageContaining("over the limit of 1024");

        assertThat(sessions.getSessionState(id).orElseThrow()).containsOnlyKeys("small");
    }

    @Test
    void invalidIdsAreRejectedNamingTheRule() {
        for (String bad : List.of("", "has space", "x".repeat(129), "slash/id", "dot.id")) {
            assertThatThrownBy(() -> sessions.getSession(bad)).as("id '%s'", bad)
                    .isInstanceOf(InvalidSessionIdException.class).hasMessageContaining("sessionId: must be");
        }
        assertThatThrownBy(() -> sessions.createSession("ok", null, Duration.ZERO))
                .hasMessage("session TTL must be positive, was PT0S");
    }

    @Test
    void sixtyFourThreadsWritingTheirOwnKeysToOneSessionLoseNone() throws Exception {
        sessions.close();
        sessions = newManager(1024 * 1024);
        String shared = sessions.createSession().id();
        int threads = 64;
        int keysEach = 20;
        Concurrently.run(threads, thread -> {
            for (int k = 0; k < keysEach; k++) {
                assertThat(sessions.updateSessionState(shared, Map.of("t" + thread + "k" + k, k), "api")).isTrue();
            }
        });

        assertThat(sessions.getSessionState(shared).orElseThrow()).hasSize(threads * keysEach);
    }

    @Test
    void sixtyFourThreadsIncrementingOneKeyLoseNoIncrement() throws Exception {
        String id = sessions.createSession().id();
        int threads = 64;
        int incrementsEach = 10;
        Concurrently.run(threads, thread -> {
            for (int i = 0; i < incrementsEach; i++) {
                sessions.updateSessionValue(id, "counter", old -> old == null ? 1 : ((Number) old).intValue() + 1, "api");
            }
        });

        assertThat(sessions.getSessionState(id).orElseThrow()).containsEntry("counter", threads * incrementsEach);
    }

    @Test
    void metricsCountCreatedAndActiveSessions() {
        sessions.createSession();
        String second = sessions.createSession().id();
        sessions.deleteSession(second);

        SessionMetrics metrics = sessions.getSessionMetrics();

        assertThat(metrics.totalCreated()).isEqualTo(2);
        assertThat(metrics.activeSessions()).isEqualTo(1);
        assertThat(sessions.sessionIds(10)).hasSize(1);
    }
}
