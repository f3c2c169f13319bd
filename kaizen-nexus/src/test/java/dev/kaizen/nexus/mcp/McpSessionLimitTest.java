package dev.kaizen.nexus.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.kaizen.nexus.Concurrently;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.security.ApiKeys;
import dev.kaizen.nexus.security.SecuritySettings;

/**
 * MCP sessions are bounded in total and per principal: one principal's many {@code initialize}
 * calls, all at once, take its share and no more, so other principals still get in; the share is
 * refused with a JSON-RPC error that names it, the total with 503 as before.
 */
class McpSessionLimitTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String ALICE_KEY = "alice-key-0123456789abcdef";

    private static final String BOB_KEY = "bob-key-0123456789abcdef";

    private static final String ADMIN_KEY = "admin-key-0123456789abcdef";

    private static Nexus securedNexus(McpConfig mcp) {
        SecuritySettings security = SecuritySettings.builder()
                .apiKeys(Map.of("alice", ApiKeys.NOOP + ALICE_KEY, "bob", ApiKeys.NOOP + BOB_KEY,
                        "admin", ApiKeys.NOOP + ADMIN_KEY))
                .clientScopes("alice", Set.of("stats"))
                .clientScopes("admin", Set.of("kaizen:admin", "stats"))
                .workflowScopes("text-stats", Set.of("stats"))
                .build();
        Nexus nexus = Nexus.builder().port(0).security(security).mcp(mcp).build().start();
        Deployments.deployMultiChannel(TestAgents.echo("stats", ""), nexus, "text-stats");
        return nexus;
    }

    @Test
    void onePrincipalsInitializesAllAtOnceTakeItsShareAndOthersStillGetIn() throws Exception {
        McpConfig mcp = McpConfig.builder().maxSessions(20).build();
        assertThat(mcp.maxSessionsPerPrincipal()).as("a quarter by default").isEqualTo(5);
        try (Nexus nexus = securedNexus(mcp)) {
            RawMcp alice = new RawMcp(nexus).bearer(ALICE_KEY);

            List<HttpResponse<String>> answers = new CopyOnWriteArrayList<>();
            Concurrently.run(20, thread -> {
                for (int i = 0; i < 3; i++) {
                    answers.add(alice.sendInitialize());
                }
            });

            List<String> started = answers.stream().filter(answer -> answer.statusCode() == 200)
                    .map(answer -> answer.headers().firstValue("Mcp-Session-Id").orElseThrow()).toList();
            assertThat(started).hasSize(5).doesNotHaveDuplicates();
            List<HttpResponse<String>> refused = answers.stream().filter(answer -> answer.statusCode() != 200).toList();
            assertThat(refused).hasSize(55).allSatisfy(answer -> {
                assertThat(answer.statusCode()).isEqualTo(429);
                JsonNode error = JSON.readTree(answer.body());
                assertThat(error.path("jsonrpc").asString()).isEqualTo("2.0");
                assertThat(error.path("id").asInt()).isEqualTo(1);
                assertThat(error.path("error").path("message").asString())
                        // "alice" however principals are namespaced ('key:alice')
                        .containsPattern("^'(key:)?alice' holds 5 MCP sessions, the most one principal may hold")
                        .contains("kaizen.nexus.mcp.max-sessions-per-principal");
            });

            assertThat(new RawMcp(nexus).bearer(BOB_KEY).sendInitialize().statusCode()).as("bob gets in").isEqualTo(200);
            alice.delete(started.get(0));
            assertThat(alice.sendInitialize().statusCode()).as("alice, once she ended one").isEqualTo(200);
            assertThat(alice.sendInitialize().statusCode()).isEqualTo(429);
        }
    }

    @Test
    void theTotalStillBoundsEveryPrincipalTogether() throws Exception {
        try (Nexus nexus = securedNexus(McpConfig.builder().maxSessions(4).maxSessionsPerPrincipal(2).build())) {
            for (String key : List.of(ALICE_KEY, ALICE_KEY, BOB_KEY, BOB_KEY)) {
                assertThat(new RawMcp(nexus).bearer(key).sendInitialize().statusCode()).isEqualTo(200);
            }

            HttpResponse<String> full = new RawMcp(nexus).bearer(ADMIN_KEY).sendInitialize();

            assertThat(full.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(full.body()).path("error").path("message").asString())
                    .startsWith("too many MCP sessions (the limit is 4)");
        }
    }

    @Test
    void aShareIsAtLeastOneAndAtMostTheTotal() {
        assertThat(McpConfig.builder().maxSessions(3).build().maxSessionsPerPrincipal()).isEqualTo(1);
        assertThat(McpConfig.defaults().maxSessionsPerPrincipal()).isEqualTo(2_500);
        assertThatThrownBy(() -> McpConfig.builder().maxSessionsPerPrincipal(0))
                .hasMessage("MCP max sessions per principal must be at least 1, was 0");
        assertThatThrownBy(() -> McpConfig.builder().maxSessions(10).maxSessionsPerPrincipal(11).build())
                .hasMessage("MCP max sessions per principal (11) must not be more than max sessions (10)");
    }

    @Test
    void manyThreadsReservingAtOnceNeverGoBeyondEitherLimit() throws Exception {
        McpSessionLimit limit = new McpSessionLimit(Duration.ofMinutes(10), 50, 10);
        Map<String, AtomicInteger> held = new ConcurrentHashMap<>();
        AtomicInteger ids = new AtomicInteger();

        Concurrently.run(32, thread -> {
            String principal = "p" + thread % 8;
            for (int i = 0; i < 25; i++) {
                if (limit.reserve(principal) instanceof McpSessionLimit.Reservation place) {
                    int id = ids.incrementAndGet();
                    if (id % 2 == 0) {
                        place.started("s" + id);
                        held.computeIfAbsent(principal, p -> new AtomicInteger()).incrementAndGet();
                    }
                    else {
                        place.release();
                    }
                }
            }
        });

        assertThat(held.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(limit.counted())
                .isEqualTo(50);
        held.forEach((principal, count) -> assertThat(count.get()).as(principal).isEqualTo(limit.heldBy(principal))
                .isLessThanOrEqualTo(10));
    }

    @Test
    void anIdleSessionStopsCountingAndAnEndedOneAtOnce() {
        AtomicLong now = new AtomicLong();
        McpSessionLimit limit = new McpSessionLimit(Duration.ofSeconds(1), 2, 1, now::get);
        ((McpSessionLimit.Reservation) limit.reserve("alice")).started("a");
        ((McpSessionLimit.Reservation) limit.reserve("")).started("anonymous");

        assertThat(limit.reserve("bob")).isEqualTo(McpSessionLimit.Refusal.FULL);
        assertThat(limit.usableBy("a", "bob")).isFalse();
        limit.ended("anonymous");
        assertThat(limit.reserve("alice")).isEqualTo(McpSessionLimit.Refusal.SHARE_TAKEN);

        now.addAndGet(Duration.ofSeconds(3).toNanos() + 1); // two idle timeouts and a second
        assertThat(limit.isLive("a")).isFalse();
        assertThat(limit.usableBy("a", "bob")).as("expired: unknown, for the transport to answer").isTrue();
        assertThat(limit.reserve("alice")).isInstanceOf(McpSessionLimit.Reservation.class);
    }
}
