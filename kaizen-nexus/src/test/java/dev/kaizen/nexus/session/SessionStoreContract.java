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
    protected NexusSessionManager newManager(long maxStateBytes) {
        return newManager(NexusSessionManager.builder().maxStateBytes(maxStateBytes));
    }

    /** A manager over the store under test, with the limits the builder holds. */
    protected abstract NexusSessionManager newManager(NexusSessionManager.Builder limits);

    /** Waits until sessions created with {@code ttl} by {@link #newManager} have expired. */
    protected abstract void letExpire(Duration ttl, List<String> ids);

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

    @Test
    void aPrincipalHoldsAtMostItsSessionsAndDeletingOneGivesItsPlaceBack() {
        replaceManager(NexusSessionManager.builder().maxSessionsPerPrincipal(3));
        Duration ttl = Duration.ofMinutes(5);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(sessions.createSession("p-" + i, "alice", ttl, "alice").id());
        }

        assertThatThrownBy(() -> sessions.createSession("p-3", "alice", ttl, "alice"))
                .isInstanceOf(SessionQuotaExceededException.class)
                .hasMessage("the caller already holds 3 live sessions, the most one principal may hold; end one or let "
                        + "one expire first");
        assertThat(sessions.getSession("p-3")).as("nothing was created").isEmpty();
        assertThat(sessions.createSession("q-0", "bob", ttl, "bob").id()).as("another principal's own share")
                .isEqualTo("q-0");
        assertThat(sessions.createSession("free-0", null, ttl, null).id()).as("no principal, no share")
                .isEqualTo("free-0");

        assertThat(sessions.deleteSession(ids.getFirst())).isTrue();
        assertThat(sessions.createSession("p-3", "alice", ttl, "alice").id()).isEqualTo("p-3");
        assertThatThrownBy(() -> sessions.createSession("p-4", "alice", ttl, "alice"))
                .isInstanceOf(SessionQuotaExceededException.class);
    }

    @Test
    void aPrincipalsSessionsHoldAtMostItsStateBytesAndShrinkingOrDeletingGivesThemBack() {
        replaceManager(NexusSessionManager.builder().maxStateBytes(1000).maxStateBytesPerPrincipal(2000));
        String first = sessions.createSession("s-1", "alice", Duration.ofMinutes(5), "alice").id();
        String second = sessions.createSession("s-2", "alice", Duration.ofMinutes(5), "alice").id();
        String third = sessions.createSession("s-3", "alice", Duration.ofMinutes(5), "alice").id();
        // "k" plus the JSON string of 898 characters: 1 + 900 bytes.
        sessions.updateSessionState(first, Map.of("k", "x".repeat(898)), "api");
        sessions.updateSessionState(second, Map.of("k", "x".repeat(898)), "api");

        assertThatThrownBy(() -> sessions.updateSessionState(third, Map.of("k", "x".repeat(300)), "api"))
                .isInstanceOf(SessionQuotaExceededException.class)
                .hasMessage("session 's-3': the caller's sessions would hold 2105 bytes of state, over the limit of 2000 "
                        + "for one principal; nothing was changed (end a session, or let one expire, to free some)");
        assertThatThrownBy(() -> sessions.updateSessionValue(third, "k", old -> "x".repeat(300), "api"))
                .isInstanceOf(SessionQuotaExceededException.class);
        assertThat(sessions.getSessionState(third).orElseThrow()).isEmpty();

        sessions.updateSessionValue(first, "k", old -> "short", "api");
        sessions.updateSessionState(third, Map.of("k", "x".repeat(300)), "api");
        assertThat(sessions.deleteSession(second)).isTrue();
        sessions.updateSessionValue(third, "k", old -> "x".repeat(900), "api");
        assertThat(sessions.getSessionState(third).orElseThrow().get("k")).isEqualTo("x".repeat(900));
    }

    @Test
    void expiredSessionsGiveTheirShareBack() {
        replaceManager(NexusSessionManager.builder().maxSessionsPerPrincipal(2).maxStateBytesPerPrincipal(500));
        Duration ttl = Duration.ofMillis(300);
        List<String> ids = List.of(sessions.createSession("e-1", "alice", ttl, "alice").id(),
                sessions.createSession("e-2", "alice", ttl, "alice").id());
        sessions.updateSessionState(ids.getFirst(), Map.of("k", "x".repeat(400)), "api");
        assertThatThrownBy(() -> sessions.createSession("e-3", "alice", ttl, "alice"))
                .isInstanceOf(SessionQuotaExceededException.class);

        letExpire(ttl, ids);

        String again = sessions.createSession("e-3", "alice", Duration.ofMinutes(5), "alice").id();
        sessions.updateSessionState(again, Map.of("k", "x".repeat(400)), "api");
        assertThat(sessions.createSession("e-1", "alice", Duration.ofMinutes(5), "alice").id()).isEqualTo("e-1");
    }

    @Test
    void manyThreadsOfOnePrincipalNeverPassItsLimits() throws Exception {
        replaceManager(NexusSessionManager.builder().maxSessionsPerPrincipal(40).maxStateBytes(1000)
                .maxStateBytesPerPrincipal(10 * 101));
        java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        Concurrently.run(32, thread -> {
            for (int i = 0; i < 5; i++) {
                String id = "t" + thread + "-" + i;
                try {
                    sessions.createSession(id, "alice", Duration.ofMinutes(5), "alice");
                    created.incrementAndGet();
                }
                catch (SessionQuotaExceededException full) {
                    continue;
                }
                try {
                    // "k" plus a JSON string of 98 characters: 101 bytes; ten fit in the principal's share.
                    if (i % 2 == 0) {
                        sessions.updateSessionState(id, Map.of("k", "y".repeat(98)), "api");
                    }
                    else {
                        sessions.updateSessionValue(id, "k", old -> "y".repeat(98), "api");
                    }
                    written.incrementAndGet();
                }
                catch (SessionQuotaExceededException full) {
                    // Over the principal's state bytes: refused, as it should be once ten are written.
                }
            }
        });

        assertThat(created.get()).isEqualTo(40);
        assertThat(written.get()).isEqualTo(10);
        assertThat(sessions.sessionIdsOf("alice", 100)).hasSize(40);
        long withState = sessions.sessionIdsOf("alice", 100).stream()
                .filter(id -> !sessions.getSessionState(id).orElseThrow().isEmpty()).count();
        assertThat(withState).isEqualTo(10);
    }

    private void replaceManager(NexusSessionManager.Builder limits) {
        sessions.close();
        sessions = newManager(limits);
    }
}
