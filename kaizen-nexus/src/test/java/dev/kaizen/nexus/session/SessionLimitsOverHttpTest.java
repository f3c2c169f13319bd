package dev.kaizen.nexus.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.kaizen.core.FieldType;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.mcp.McpClients;
import dev.kaizen.nexus.rest.RestClient;
import dev.kaizen.nexus.rest.RestClient.Response;
import dev.kaizen.nexus.security.ApiKeys;
import dev.kaizen.nexus.security.RateLimit;
import dev.kaizen.nexus.security.SecuritySettings;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;

/**
 * Finding 2 of issue 25, over the wire: a principal's share of the sessions, the in-memory store's
 * bound and the rate limit on new sessions each answer with a problem document of the failure
 * table (and an MCP {@code isError} result), and another principal is not affected.
 */
class SessionLimitsOverHttpTest {

    private static final String ALICE_KEY = "alice-key-0123456789abcdef";

    private static final String BOB_KEY = "bob-key-0123456789abcdef";

    /** Keeps the note it is given in its session, under {@code note}. */
    private static FunctionAgent keeper() {
        return FunctionAgent.builder().name("keep").description("Keeps a note")
                .signature(Signature.builder().requiresSession().input("note", FieldType.STRING, "The note")
                        .output("kept", FieldType.INTEGER, "Characters kept").build())
                .function((inputs, context) -> {
                    context.session().orElseThrow().merge(Map.of("note", inputs.get("note")));
                    return Map.of("kept", String.valueOf(inputs.get("note")).length());
                }).build();
    }

    private static Nexus start(NexusSessionManager sessions, @Nullable RateLimit rateLimit) {
        SecuritySettings security = SecuritySettings.builder()
                .apiKeys(Map.of("alice", ApiKeys.NOOP + ALICE_KEY, "bob", ApiKeys.NOOP + BOB_KEY))
                .rateLimit(rateLimit).build();
        Nexus nexus = Nexus.builder().port(0).security(security).sessions(sessions)
                .createSessionOnUnknown(true).build().start();
        Deployments.deployMultiChannel(keeper(), nexus, "keep");
        return nexus;
    }

    @Test
    void aPrincipalOverItsShareIsRefusedWith429AndAnotherIsNot() {
        try (Nexus nexus = start(NexusSessionManager.builder().maxSessionsPerPrincipal(2)
                .maxStateBytesPerPrincipal(1000).build(), null)) {
            RestClient bob = new RestClient(nexus.baseUri()).with("X-API-Key", BOB_KEY);
            RestClient alice = new RestClient(nexus.baseUri()).with("X-API-Key", ALICE_KEY);
            String first = bob.post("/api/sessions", Map.of()).json().path("id").asString();
            assertThat(bob.post("/api/sessions", Map.of()).status()).isEqualTo(201);

            Response third = bob.post("/api/sessions", Map.of());
            Response byRun = bob.post("/api/workflows/keep/execute", Map.of("inputs", Map.of("note", "n"),
                    "sessionId", "made-by-a-run"));

            for (Response refused : java.util.List.of(third, byRun)) {
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.json().path("type").asString())
                        .isEqualTo("urn:kaizen:problem:session-quota-exceeded");
                assertThat(refused.json().path("detail").asString())
                        .startsWith("the caller already holds 2 live sessions");
            }
            assertThat(alice.post("/api/sessions", Map.of()).status()).as("another principal").isEqualTo(201);

            Response tooMuch = bob.post("/api/workflows/keep/execute", Map.of("inputs",
                    Map.of("note", "x".repeat(1200)), "sessionId", first));
            assertThat(tooMuch.status()).isEqualTo(429);
            assertThat(tooMuch.json().path("detail").asString()).contains("over the limit of 1000 for one principal");
            assertThat(bob.get("/api/sessions/" + first).json().path("state").size()).isZero();

            assertThat(bob.delete("/api/sessions/" + first).status()).isEqualTo(204);
            assertThat(bob.post("/api/sessions", Map.of()).status()).as("its place given back").isEqualTo(201);
        }
    }

    @Test
    void aFullStoreIsRefusedWith507OnRestAndAnErrorOnMcp() {
        long bound = 3 * InMemorySessionStore.SESSION_OVERHEAD_BYTES + 500;
        try (Nexus nexus = start(NexusSessionManager.builder().maxStoreBytes(bound).build(), null)) {
            RestClient bob = new RestClient(nexus.baseUri()).with("X-API-Key", BOB_KEY);
            String id = bob.post("/api/sessions", Map.of()).json().path("id").asString();

            Response full = bob.post("/api/workflows/keep/execute", Map.of("inputs", Map.of("note", "x".repeat(1100)),
                    "sessionId", id));

            assertThat(full.status()).isEqualTo(507);
            assertThat(full.contentType()).startsWith("application/problem+json");
            assertThat(full.json().path("type").asString()).isEqualTo("urn:kaizen:problem:session-store-full");
            assertThat(full.json().path("detail").asString()).isEqualTo("the session store is full; nothing was "
                    + "changed, try again once sessions have ended or expired");
            McpSyncClient mcp = McpClients.streamable(nexus.baseUri(), BOB_KEY);
            try {
                CallToolResult result = mcp.callTool(new CallToolRequest("keep", Map.of("note", "x".repeat(1100),
                        "sessionId", id)));
                assertThat(result.isError()).isTrue();
                assertThat(((TextContent) result.content().getFirst()).text()).startsWith("the session store is full");
            }
            finally {
                mcp.closeGracefully();
            }
            assertThat(bob.post("/api/workflows/keep/execute", Map.of("inputs", Map.of("note", "fits"),
                    "sessionId", id)).status()).isEqualTo(200);
        }
    }

    @Test
    void creatingASessionCountsAgainstTheCallersRateLimit() {
        try (Nexus nexus = start(NexusSessionManager.builder().build(), new RateLimit(3, Duration.ofMinutes(1)))) {
            RestClient bob = new RestClient(nexus.baseUri()).with("X-API-Key", BOB_KEY);
            for (int i = 0; i < 3; i++) {
                assertThat(bob.post("/api/sessions", Map.of()).status()).isEqualTo(201);
            }

            Response limited = bob.post("/api/sessions", Map.of());

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json().path("type").asString()).isEqualTo("urn:kaizen:problem:rate-limited");
            assertThat(limited.header("Retry-After")).isNotBlank();
            assertThat(bob.execute("keep", Map.of("note", "n")).status()).as("the same allowance").isEqualTo(429);
            assertThat(new RestClient(nexus.baseUri()).with("X-API-Key", ALICE_KEY).post("/api/sessions", Map.of())
                    .status()).as("another principal's own allowance").isEqualTo(201);
        }
    }
}
