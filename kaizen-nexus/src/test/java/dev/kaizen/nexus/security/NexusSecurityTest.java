package dev.kaizen.nexus.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.NoInternals;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.mcp.McpClients;
import dev.kaizen.nexus.rest.RestClient;
import dev.kaizen.nexus.rest.RestClient.Response;

/**
 * A Nexus that requires credentials, tried as its clients and as an attacker would: every
 * protected route refuses an anonymous call with a bearer challenge, API keys (hashed and plain,
 * both headers) and JWTs (valid, expired, wrong issuer, wrong audience, missing scope) are told
 * apart, workflows are hidden from callers without their scopes on REST, OpenAPI and MCP, and one
 * principal's sessions are invisible to another.
 */
class NexusSecurityTest {

    private static final String ALICE_KEY = "alice-key-0123456789abcdef";

    private static final String BOB_KEY = "bob-key-0123456789abcdef";

    private static final String ADMIN_KEY = "admin-key-0123456789abcdef";

    private static final Tokens TOKENS = new Tokens();

    private static Nexus nexus;

    private static RestClient anonymous;

    private static RestClient alice;

    private static RestClient bob;

    private static RestClient admin;

    @BeforeAll
    static void start() {
        SecuritySettings security = SecuritySettings.builder()
                .apiKeys(Map.of("alice", ApiKeys.SHA256 + ApiKeys.sha256(ALICE_KEY), "bob", ApiKeys.NOOP + BOB_KEY,
                        "admin", ApiKeys.SHA256 + ApiKeys.sha256(ADMIN_KEY)))
                .clientScopes("alice", Set.of("reports"))
                .clientScopes("admin", Set.of("kaizen:admin", "reports"))
                .workflowScopes("reports", Set.of("reports"))
                .tokenDecoder(TOKENS.decoder()).issuer(Tokens.ISSUER)
                .build();
        nexus = Nexus.builder().port(0).security(security).createSessionOnUnknown(true).build().start();
        Deployments.deployMultiChannel(TestAgents.echo("echo", "echo: "), nexus, "echo");
        Deployments.deployMultiChannel(TestAgents.echo("reports", "report: "), nexus, "reports");
        anonymous = new RestClient(nexus.baseUri());
        alice = anonymous.bearer(ALICE_KEY);
        bob = anonymous.with("X-API-Key", BOB_KEY);
        admin = anonymous.bearer(ADMIN_KEY);
    }

    @AfterAll
    static void stop() {
        nexus.close();
    }

    @Test
    void everyProtectedRouteRefusesAnAnonymousCallWithABearerChallenge() {
        for (String path : List.of("/api/workflows", "/api/workflows/echo", "/api/sessions", "/api/sessions/s1",
                "/api/metrics", "/api/performance/report", "/api/openapi.json")) {
            Response response = anonymous.get(path);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).as(path).startsWith("Bearer ")
                    .contains("resource_metadata=\"" + nexus.baseUri() + "/.well-known/oauth-protected-resource\"");
            assertThat(response.contentType()).as(path).startsWith("application/problem+json");
            assertThat(response.json().path("type").asString()).isEqualTo("urn:kaizen:problem:unauthenticated");
            NoInternals.assertClean(path, response.raw().body());
        }
        assertThat(anonymous.execute("echo", Map.of("question", "hi")).status()).isEqualTo(401);
        assertThat(anonymous.post("/api/sessions", Map.of()).status()).isEqualTo(401);
    }

    @Test
    void healthAndTheResourceMetadataStayOpen() {
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
        JsonNode server = anonymous.get("/.well-known/oauth-protected-resource").json();
        assertThat(server.path("resource").asString()).isEqualTo(nexus.baseUri().toString());
        assertThat(server.path("authorization_servers").get(0).asString()).isEqualTo(Tokens.ISSUER);
        assertThat(server.path("bearer_methods_supported").get(0).asString()).isEqualTo("header");
        assertThat(server.path("scopes_supported").toString()).contains("reports", "kaizen:admin");
        JsonNode mcp = anonymous.get("/.well-known/oauth-protected-resource/mcp").json();
        assertThat(mcp.path("resource").asString()).isEqualTo(nexus.baseUri() + "/mcp");
    }

    @Test
    void mcpOverHttpAsksForATokenAndPointsAtItsMetadata() {
        Response response = anonymous.postRaw("/mcp", "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate"))
                .contains("resource_metadata=\"" + nexus.baseUri() + "/.well-known/oauth-protected-resource/mcp\"");
    }

    @Test
    void apiKeysAreCheckedInBothHeadersAndBothForms() {
        assertThat(alice.execute("echo", Map.of("question", "hi")).status()).isEqualTo(200); // hashed, Bearer
        assertThat(bob.execute("echo", Map.of("question", "hi")).status()).isEqualTo(200); // noop, X-API-Key
        assertThat(anonymous.with("X-API-Key", ALICE_KEY).execute("echo", Map.of("question", "hi")).status())
                .isEqualTo(200);
        assertThat(anonymous.bearer(BOB_KEY).execute("echo", Map.of("question", "hi")).status()).isEqualTo(200);
        for (RestClient wrong : List.of(anonymous.bearer("not-a-key-0123456789"), anonymous.with("X-API-Key", "x"),
                anonymous.bearer(ALICE_KEY + "x"), anonymous.bearer(ApiKeys.sha256(ALICE_KEY)),
                anonymous.bearer(ALICE_KEY).with("X-API-Key", BOB_KEY))) {
            Response response = wrong.execute("echo", Map.of("question", "hi"));
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
            assertThat(response.raw().body()).doesNotContain(ALICE_KEY, BOB_KEY);
        }
    }

    @Test
    void aWorkflowIsHiddenFromCallersWithoutItsScopes() {
        assertThat(names(bob.get("/api/workflows").json())).containsExactly("echo");
        assertThat(names(alice.get("/api/workflows").json())).containsExactlyInAnyOrder("echo", "reports");
        Response refused = bob.execute("reports", Map.of("question", "q"));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().path("type").asString()).isEqualTo("urn:kaizen:problem:not-found");
        assertThat(refused.json().path("detail").asString()).isEqualTo("no workflow named 'reports' is deployed on REST");
        assertThat(bob.get("/api/workflows/reports").status()).isEqualTo(404);
        assertThat(bob.get("/api/openapi.json").json().path("paths").toString()).doesNotContain("reports");
        assertThat(alice.get("/api/openapi.json").json().path("paths").toString()).contains("reports");
        JsonNode document = alice.get("/api/openapi.json").json();
        assertThat(document.path("components").path("securitySchemes").path("bearer").path("scheme").asString())
                .isEqualTo("bearer");
        assertThat(document.path("security").toString()).isEqualTo("[{\"bearer\":[]}]");
        Response allowed = alice.execute("reports", Map.of("question", "q"));
        assertThat(allowed.json().path("outputs").path("answer").asString()).isEqualTo("report: q x1");
    }

    @Test
    void oneCallersSessionsDoNotExistForAnother() {
        String id = alice.post("/api/sessions", Map.of()).json().path("id").asString();
        assertThat(alice.get("/api/sessions/" + id).json().path("userId").asString()).isEqualTo("key:alice");
        Response read = bob.get("/api/sessions/" + id);
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.json().path("type").asString()).isEqualTo("urn:kaizen:problem:session-not-found");
        assertThat(bob.get("/api/sessions/no-such-session").raw().body().replace("no-such-session", id))
                .isEqualTo(read.raw().body());
        assertThat(bob.delete("/api/sessions/" + id).status()).isEqualTo(404);
        assertThat(sessionIds(bob)).doesNotContain(id);
        assertThat(sessionIds(alice)).contains(id);
        assertThat(sessionIds(admin)).contains(id);
        // With create-on-unknown, bob's run naming the id starts a session of his own, as any new id does.
        Response run = bob.post("/api/workflows/echo/execute", Map.of("inputs", Map.of("question", "x"), "sessionId", id));
        assertThat(run.status()).isEqualTo(200);
        assertThat(bob.get("/api/sessions/" + id).json().path("userId").asString()).isEqualTo("key:bob");
        assertThat(bob.post("/api/sessions", Map.of("userId", "alice")).status()).isEqualTo(403);
        assertThat(alice.get("/api/sessions/" + id).json().path("userId").asString()).isEqualTo("key:alice");
        assertThat(alice.delete("/api/sessions/" + id).status()).isEqualTo(204);
    }

    @Test
    void aSessionStartedByACallTakesItsCallerAsOwner() {
        assertThat(alice.post("/api/workflows/echo/execute",
                Map.of("inputs", Map.of("question", "x"), "sessionId", "alice-made")).status()).isEqualTo(200);
        // Ids are per principal: bob's call starts a session of his own, as for any id new to him.
        assertThat(bob.post("/api/workflows/echo/execute",
                Map.of("inputs", Map.of("question", "x"), "sessionId", "alice-made")).status()).isEqualTo(200);
        assertThat(alice.get("/api/sessions/alice-made").json().path("userId").asString()).isEqualTo("key:alice");
        assertThat(bob.get("/api/sessions/alice-made").json().path("userId").asString()).isEqualTo("key:bob");
    }

    @Test
    void aTokenSubjectNeverActsAsTheApiKeyClientOfTheSameName() {
        String session = alice.post("/api/sessions", Map.of()).json().path("id").asString();
        String run = alice.with("Prefer", "respond-async").execute("echo", Map.of("question", "q")).json()
                .path("runId").asString();
        RestClient aliceByToken = anonymous.bearer(TOKENS.token("alice", ""));
        assertThat(aliceByToken.get("/api/sessions/" + session).status()).isEqualTo(404);
        assertThat(aliceByToken.delete("/api/sessions/" + session).status()).isEqualTo(404);
        assertThat(aliceByToken.get("/api/runs/" + run).status()).isEqualTo(404);
        assertThat(aliceByToken.delete("/api/runs/" + run).status()).isEqualTo(404);
        assertThat(sessionIds(aliceByToken)).doesNotContain(session);
        assertThat(alice.get("/api/sessions/" + session).status()).isEqualTo(200);
        // Nor does a token whose subject spells the API key's principal.
        assertThat(anonymous.bearer(TOKENS.token("key:alice", "")).get("/api/sessions/" + session).status())
                .isEqualTo(404);
    }

    @Test
    void aTokenMustNameItsSubjectAndExpire() {
        java.util.Date inAnHour = java.util.Date.from(java.time.Instant.now().plus(Duration.ofHours(1)));
        Map<String, String> refused = Map.of(
                "no sub", TOKENS.signed(TOKENS.claims("reports").expirationTime(inAnHour).build()),
                "empty sub", TOKENS.signed(TOKENS.claims("reports").subject("").expirationTime(inAnHour).build()),
                "blank sub", TOKENS.signed(TOKENS.claims("reports").subject("  ").expirationTime(inAnHour).build()),
                "no exp", TOKENS.signed(TOKENS.claims("reports").subject("erin").build()));
        refused.forEach((why, token) -> {
            Response response = anonymous.bearer(token).execute("echo", Map.of("question", "q"));
            assertThat(response.status()).as(why).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).as(why).contains("invalid_token");
            NoInternals.assertClean(why, response.raw().body());
        });
    }

    @Test
    void jwtsAreVerifiedAndTheirScopesApply() {
        RestClient carol = anonymous.bearer(TOKENS.token("carol", "reports other"));
        assertThat(carol.execute("reports", Map.of("question", "q")).status()).isEqualTo(200);
        String session = carol.post("/api/sessions", Map.of()).json().path("id").asString();
        assertThat(carol.get("/api/sessions/" + session).json().path("userId").asString()).isEqualTo("jwt:carol");
        assertThat(alice.get("/api/sessions/" + session).status()).isEqualTo(404);

        RestClient unscoped = anonymous.bearer(TOKENS.token("dave", "other"));
        assertThat(unscoped.execute("echo", Map.of("question", "q")).status()).isEqualTo(200);
        assertThat(unscoped.execute("reports", Map.of("question", "q")).status()).isEqualTo(404);

        Map<String, String> refused = Map.of(
                "expired", TOKENS.token("erin", "reports", Tokens.ISSUER, Tokens.AUDIENCE, Duration.ofMinutes(-5)),
                "wrong audience", TOKENS.token("erin", "reports", Tokens.ISSUER, "someone-else", Duration.ofHours(1)),
                "wrong issuer", TOKENS.token("erin", "reports", "http://127.0.0.1:9/another-issuer", Tokens.AUDIENCE, Duration.ofHours(1)),
                "foreign key", new Tokens().token("erin", "reports"));
        refused.forEach((why, token) -> {
            Response response = anonymous.bearer(token).execute("echo", Map.of("question", "q"));
            assertThat(response.status()).as(why).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).as(why).contains("invalid_token");
            NoInternals.assertClean(why, response.raw().body());
        });
    }

    @Test
    void mcpClientsSeeAndCallOnlyWhatTheirScopesAllow() {
        try (McpSyncClient bobs = McpClients.streamable(nexus.baseUri(), BOB_KEY);
                McpSyncClient alices = McpClients.streamable(nexus.baseUri(), ALICE_KEY)) {
            assertThat(bobs.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly("echo");
            assertThat(alices.listTools().tools()).extracting(McpSchema.Tool::name)
                    .containsExactlyInAnyOrder("echo", "reports");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> bobs.callTool(new McpSchema.CallToolRequest("reports", Map.of("question", "q"))))
                    .hasMessageContaining("Tool not found: reports");
            CallToolResult allowed = alices.callTool(new McpSchema.CallToolRequest("reports", Map.of("question", "q")));
            assertThat(allowed.isError()).isFalse();
            assertThat(allowed.structuredContent()).isEqualTo(Map.of("answer", "report: q x1"));
        }
    }

    @Test
    void anMcpSessionBelongsToThePrincipalThatStartedIt() throws Exception {
        Response started = alice.with("Accept", "application/json, text/event-stream").postRaw("/mcp", "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        String session = started.header("Mcp-Session-Id");
        assertThat(session).isNotBlank();
        Response stolen = bob.with("Accept", "application/json, text/event-stream").with("Mcp-Session-Id", session)
                .postRaw("/mcp", "application/json", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        assertThat(stolen.status()).isEqualTo(404);
        assertThat(stolen.raw().body()).doesNotContain("reports");
    }

    @Test
    void hostileCredentialsGet401NeverAServerError() {
        List<RestClient> hostile = List.of(anonymous.with("Authorization", "Bearer"),
                anonymous.with("Authorization", "Bearer "), anonymous.with("Authorization", "Basic YWxpY2U6cHc="),
                anonymous.with("Authorization", "Bearer a.b.c"), anonymous.with("Authorization", "Bearer ..."),
                anonymous.with("Authorization", "Bearer " + "x".repeat(6000)),
                anonymous.with("Authorization", "Bearer é-unicode-key"), anonymous.with("X-API-Key", "%00"),
                anonymous.with("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9."),
                anonymous.with("Authorization", "Bearer " + TOKENS.token("alice", "reports").replace('.', '!')));
        for (RestClient client : hostile) {
            Response response = client.execute("echo", Map.of("question", "q"));
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            NoInternals.assertClean("hostile credential", response.raw().body());
        }
    }

    @Test
    void theLocalShellIsNotChecked() {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = dev.kaizen.nexus.shell.OneShotCommand.run(dev.kaizen.nexus.shell.ShellChannel.of(nexus).operations(),
                List.of("nexus", "run", "reports", "--question", "local"), new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true));
        assertThat(err.toString()).isEmpty();
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("report: local x1");
    }

    private static List<String> names(JsonNode listing) {
        return listing.path("workflows").valueStream().map(w -> w.path("name").asString()).toList();
    }

    private static List<String> sessionIds(RestClient client) {
        return client.get("/api/sessions").json().path("sessions").valueStream().map(JsonNode::asString).toList();
    }
}
