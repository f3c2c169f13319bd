package dev.kaizen.nexus.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.kaizen.nexus.Concurrently;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.mcp.McpClients;
import dev.kaizen.nexus.rest.RestClient;
import dev.kaizen.nexus.rest.RestClient.Response;
import dev.kaizen.nexus.session.RedisServer;
import dev.kaizen.nexus.shell.RemoteShellBackend;
import dev.kaizen.nexus.shell.ShellFailure;

/**
 * Rate limits keyed on the principal, not the connection: each principal's allowance over all
 * workflows and per workflow, on every channel, exact under concurrency, and shared by two
 * instances on one Redis.
 */
class RateLimitTest {

    private static final String ALICE = "alice-key-0123456789abcdef";

    private static final String BOB = "bob-key-0123456789abcdef";

    private static final Duration LONG = Duration.ofHours(1);

    private static SecuritySettings limited(long perPrincipal, long perReports) {
        return SecuritySettings.builder()
                .apiKeys(Map.of("alice", ApiKeys.NOOP + ALICE, "bob", ApiKeys.NOOP + BOB))
                .rateLimit(new RateLimit(perPrincipal, LONG)).rateLimit("reports", new RateLimit(perReports, LONG))
                .build();
    }

    private static Nexus started(SecuritySettings security, RateLimiter limiter) {
        Nexus nexus = Nexus.builder().port(0).security(security).rateLimiter(limiter).build().start();
        Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "echo");
        Deployments.deployMultiChannel(TestAgents.echo("reports", ""), nexus, "reports");
        return nexus;
    }

    @Test
    void aPrincipalOverItsLimitGets429WithWhenToComeBack() {
        try (Nexus nexus = started(limited(3, 100), new LocalRateLimiter())) {
            RestClient alice = new RestClient(nexus.baseUri()).bearer(ALICE);
            for (int i = 0; i < 3; i++) {
                assertThat(alice.execute("echo", Map.of("question", "q")).status()).isEqualTo(200);
            }
            Response refused = alice.execute("echo", Map.of("question", "q"));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().path("type").asString()).isEqualTo("urn:kaizen:problem:rate-limited");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 1200L);
            assertThat(refused.header("RateLimit-Limit")).isEqualTo("3");
            assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
            assertThat(refused.header("RateLimit-Reset")).isEqualTo(refused.header("Retry-After"));
            // Keyed on the principal: bob, on the same connection pool and address, still has his.
            assertThat(new RestClient(nexus.baseUri()).bearer(BOB).execute("echo", Map.of("question", "q")).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aWorkflowsOwnLimitCountsItsCallsOnly() {
        try (Nexus nexus = started(limited(100, 1), new LocalRateLimiter())) {
            RestClient alice = new RestClient(nexus.baseUri()).bearer(ALICE);
            assertThat(alice.execute("reports", Map.of("question", "q")).status()).isEqualTo(200);
            Response refused = alice.execute("reports", Map.of("question", "q"));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().path("detail").asString()).contains("workflow 'reports'");
            assertThat(alice.execute("echo", Map.of("question", "q")).status()).isEqualTo(200);
        }
    }

    @Test
    void mcpAndTheRemoteShellSayWhenToRetry() {
        try (Nexus nexus = started(limited(1, 100), new LocalRateLimiter());
                McpSyncClient mcp = McpClients.streamable(nexus.baseUri(), ALICE)) {
            assertThat(mcp.callTool(new McpSchema.CallToolRequest("echo", Map.of("question", "q"))).isError()).isFalse();
            CallToolResult refused = mcp.callTool(new McpSchema.CallToolRequest("echo", Map.of("question", "q")));
            assertThat(refused.isError()).isTrue();
            assertThat(((McpSchema.TextContent) refused.content().get(0)).text()).contains("rate limit of 1",
                    "try again in");

            JsonMapper json = JsonMapper.builder().build();
            RemoteShellBackend bobShell = new RemoteShellBackend(nexus.baseUri(), json, BOB);
            RemoteShellBackend noKey = new RemoteShellBackend(nexus.baseUri(), json, null);
            assertThat(exitCode(() -> bobShell.list())).isZero();
            assertThat(exitCode(() -> noKey.list())).isEqualTo(ShellFailure.NO_PERMISSION);
            assertThat(exitCode(() -> bobShell.run("echo", Map.of("question", "q"), null, dev.kaizen.nexus.channel.RunListener.NONE))).isZero();
            assertThat(exitCode(() -> bobShell.run("echo", Map.of("question", "q"), null, dev.kaizen.nexus.channel.RunListener.NONE)))
                    .isEqualTo(ShellFailure.TEMPORARY);
        }
    }

    @Test
    void underConcurrencyExactlyTheAllowanceGoesThrough() throws Exception {
        LocalRateLimiter limiter = new LocalRateLimiter();
        AtomicInteger allowed = new AtomicInteger();
        Concurrently.run(16, thread -> {
            for (int i = 0; i < 500; i++) {
                if (limiter.tryAcquire("authenticated:alice", new RateLimit(1000, LONG)).isEmpty()) {
                    allowed.incrementAndGet();
                }
            }
        });
        assertThat(allowed.get()).isEqualTo(1000);
    }

    @Test
    void twoInstancesOnOneRedisShareEachPrincipalsAllowance() throws Exception {
        try (RedisServer redis = RedisServer.start();
                Nexus first = started(limited(4, 100), new RedisRateLimiter(redis.uri(), "kz:", Duration.ofSeconds(2)));
                Nexus second = started(limited(4, 100), new RedisRateLimiter(redis.uri(), "kz:", Duration.ofSeconds(2)))) {
            RestClient onFirst = new RestClient(first.baseUri()).bearer(ALICE);
            RestClient onSecond = new RestClient(second.baseUri()).bearer(ALICE);
            int ok = 0;
            for (int i = 0; i < 3; i++) {
                ok += onFirst.execute("echo", Map.of("question", "q")).status() == 200 ? 1 : 0;
                ok += onSecond.execute("echo", Map.of("question", "q")).status() == 200 ? 1 : 0;
            }
            assertThat(ok).isEqualTo(4);
            assertThat(onSecond.execute("echo", Map.of("question", "q")).status()).isEqualTo(429);
            assertThat(new RestClient(first.baseUri()).bearer(BOB).execute("echo", Map.of("question", "q")).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void localCallersAreNeverLimitedAndAnonymousOnesByAddress() {
        SecuritySettings settings = SecuritySettings.builder().rateLimit(new RateLimit(1, LONG)).build();
        Gatekeeper gatekeeper = new Gatekeeper(settings, new LocalRateLimiter());
        for (int i = 0; i < 5; i++) {
            gatekeeper.admit(Caller.local(), "echo");
        }
        gatekeeper.admit(Caller.anonymous("127.0.0.11"), "echo");
        gatekeeper.admit(Caller.anonymous("127.0.0.12"), "echo");
        try {
            gatekeeper.admit(Caller.anonymous("127.0.0.11"), "echo");
            throw new AssertionError("the second call from one address went through");
        }
        catch (CallFailure refused) {
            assertThat(refused.kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(refused.rateLimit()).isEqualTo(1);
        }
        assertThat(Set.of(Caller.anonymous("127.0.0.11").rateLimitKey(), Caller.local().rateLimitKey())).hasSize(2);
    }

    private static int exitCode(Runnable command) {
        try {
            command.run();
            return 0;
        }
        catch (ShellFailure failure) {
            return failure.exitCode();
        }
    }
}
