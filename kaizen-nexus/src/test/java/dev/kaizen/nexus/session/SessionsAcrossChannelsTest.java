package dev.kaizen.nexus.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.shell.ShellChannel;
import dev.kaizen.core.FieldType;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.deploy.DeploymentCache;
import dev.kaizen.nexus.mcp.McpClients;
import dev.kaizen.nexus.rest.RestClient;
import dev.kaizen.nexus.shell.OneShotCommand;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import tools.jackson.databind.JsonNode;

/** One session continued over REST, then MCP, then the shell, on a real Nexus. */
class SessionsAcrossChannelsTest {

    private static Nexus nexus;

    private static RestClient rest;

    @BeforeAll
    static void start() {
        nexus = Nexus.builder().port(0).deploymentCache(new DeploymentCache(10, Runnable::run)).build().start();
        rest = new RestClient(nexus.baseUri());
        Deployments.deployMultiChannel(notes(), nexus, "notes");
    }

    @AfterAll
    static void stop() {
        nexus.close();
    }

    /** Adds a note to the session and answers with every note so far. */
    static FunctionAgent notes() {
        return FunctionAgent.builder().name("notes").description("Adds a note to the session")
                .signature(Signature.builder().input("note", FieldType.STRING, "The note")
                        .output("notes", FieldType.ARRAY, "Every note of the session").build())
                .function((inputs, context) -> {
                    Object notes = context.session().orElseThrow(() -> new IllegalStateException("no session"))
                            .update("notes", old -> {
                                List<Object> all = new ArrayList<>(old instanceof List<?> list ? list : List.of());
                                all.add(inputs.get("note"));
                                return all;
                            });
                    return Map.of("notes", notes);
                }).build();
    }

    private static String newSession() {
        return rest.post("/api/sessions", Map.of("userId", "carol")).json().get("id").asString();
    }

    @Test
    void aSessionStartedOnRestContinuesOnMcpAndTheShell() {
        String id = newSession();

        JsonNode viaRest = rest.post("/api/workflows/notes/execute", Map.of("inputs", Map.of("note", "from rest"),
                "sessionId", id)).json();
        McpSyncClient mcp = McpClients.streamable(nexus.baseUri());
        McpSchema.CallToolResult viaMcp;
        try {
            viaMcp = mcp.callTool(new CallToolRequest("notes", Map.of("note", "from mcp", "sessionId", id)));
        }
        finally {
            mcp.closeGracefully();
        }
        StringWriter out = new StringWriter();
        int code = OneShotCommand.run(ShellChannel.of(nexus).operations(),
                List.of("nexus", "run", "notes", "--note", "from cli", "--session", id), new PrintWriter(out),
                new PrintWriter(new StringWriter()));

        assertThat(viaRest.get("sessionId").asString()).isEqualTo(id);
        assertThat(viaRest.get("outputs").get("notes").toString()).isEqualTo("[\"from rest\"]");
        assertThat(viaMcp.structuredContent()).isEqualTo(Map.of("notes", List.of("from rest", "from mcp"), "sessionId", id));
        assertThat(code).isZero();
        assertThat(out.toString().strip()).isEqualTo("{\"notes\":[\"from rest\",\"from mcp\",\"from cli\"]}");
        JsonNode session = rest.get("/api/sessions/" + id).json();
        assertThat(session.get("userId").asString()).isEqualTo("carol");
        assertThat(session.get("channels").propertyNames()).containsExactlyInAnyOrder("api", "mcp", "cli");
        assertThat(session.get("state").get("notes").size()).isEqualTo(3);
    }

    @Test
    void theSessionHeaderWorksLikeTheBodyField() {
        String id = newSession();

        RestClient.Response response = rest.send(HttpRequest.newBuilder(nexus.baseUri().resolve(
                "/api/workflows/notes/execute")).header("Content-Type", "application/json").header("X-Session-Id", id)
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"note\":\"by header\"}}")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Session-Id")).isEqualTo(id);
        assertThat(response.json().get("sessionId").asString()).isEqualTo(id);
    }

    @Test
    void aHeaderAndABodyNamingDifferentSessionsAre400() {
        RestClient.Response response = rest.send(HttpRequest.newBuilder(nexus.baseUri().resolve(
                "/api/workflows/notes/execute")).header("Content-Type", "application/json")
                .header("X-Session-Id", newSession())
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"note\":\"x\"},\"sessionId\":\"other\"}")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("sessionId");
    }

    @Test
    void anUnknownSessionIs404OnRestAndAnErrorOnMcpAndTheShell() {
        RestClient.Response viaRest = rest.post("/api/workflows/notes/execute",
                Map.of("inputs", Map.of("note", "x"), "sessionId", "never-created"));
        McpSyncClient mcp = McpClients.streamable(nexus.baseUri());
        McpSchema.CallToolResult viaMcp;
        try {
            viaMcp = mcp.callTool(new CallToolRequest("notes", Map.of("note", "x", "sessionId", "never-created")));
        }
        finally {
            mcp.closeGracefully();
        }
        StringWriter err = new StringWriter();
        int code = OneShotCommand.run(ShellChannel.of(nexus).operations(),
                List.of("nexus", "run", "notes", "--note", "x", "--session", "never-created"),
                new PrintWriter(new StringWriter()), new PrintWriter(err));

        assertThat(viaRest.status()).isEqualTo(404);
        assertThat(viaRest.json().get("type").asString()).isEqualTo("urn:kaizen:problem:session-not-found");
        assertThat(viaRest.json().get("detail").asString())
                .isEqualTo("session 'never-created' does not exist or has expired");
        assertThat(viaMcp.isError()).isTrue();
        assertThat(((McpSchema.TextContent) viaMcp.content().getFirst()).text())
                .isEqualTo("session 'never-created' does not exist or has expired");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: session 'never-created' does not exist or has expired\n");
    }

    @Test
    void sessionsCanBeCreatedReadListedAndDeletedOverRest() {
        RestClient.Response created = rest.post("/api/sessions", Map.of("sessionId", "my-session", "ttlSeconds", 60));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/sessions/my-session");
        assertThat(created.json().get("ttlSeconds").asLong()).isEqualTo(60);
        assertThat(rest.post("/api/sessions", Map.of("sessionId", "my-session")).status()).isEqualTo(409);
        assertThat(rest.get("/api/sessions").json().get("sessions").toString()).contains("my-session");
        assertThat(rest.send(HttpRequest.newBuilder(nexus.baseUri().resolve("/api/sessions/my-session")).DELETE())
                .status()).isEqualTo(204);
        assertThat(rest.get("/api/sessions/my-session").status()).isEqualTo(404);
        assertThat(rest.send(HttpRequest.newBuilder(nexus.baseUri().resolve("/api/sessions/my-session")).DELETE())
                .status()).isEqualTo(404);
    }

    @Test
    void aBadSessionRequestNamesEachField() {
        RestClient.Response response = rest.post("/api/sessions",
                Map.of("sessionId", "bad id", "ttlSeconds", -5, "colour", "red"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").toString()).contains("\"field\":\"sessionId\"", "\"field\":\"ttlSeconds\"",
                "\"field\":\"colour\"");
        assertThat(rest.get("/api/sessions/bad%20id").status()).isEqualTo(400);
        assertThat(rest.send(HttpRequest.newBuilder(nexus.baseUri().resolve("/api/sessions/x"))
                .PUT(HttpRequest.BodyPublishers.noBody())).header("Allow")).isEqualTo("DELETE, GET");
    }

    @Test
    void createOnUnknownStartsASessionWithTheGivenId() {
        try (Nexus lenient = Nexus.builder().port(0).createSessionOnUnknown(true)
                .deploymentCache(new DeploymentCache(10, Runnable::run)).build().start()) {
            Deployments.deployAsApi(notes(), lenient, "notes");

            RestClient.Response response = new RestClient(lenient.baseUri()).post("/api/workflows/notes/execute",
                    Map.of("inputs", Map.of("note", "first"), "sessionId", "brand-new"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(lenient.sessions().getSessionState("brand-new").orElseThrow())
                    .containsEntry("notes", List.of("first"));
        }
    }

    @Test
    void twoNexusInstancesOnOneRedisShareSessions() throws Exception {
        try (RedisServer redis = RedisServer.start();
                Nexus first = redisNexus(redis.uri());
                Nexus second = redisNexus(redis.uri())) {
            String id = new RestClient(first.baseUri()).post("/api/sessions", Map.of()).json().get("id").asString();
            new RestClient(first.baseUri()).post("/api/workflows/notes/execute",
                    Map.of("inputs", Map.of("note", "on first"), "sessionId", id));

            JsonNode onSecond = new RestClient(second.baseUri()).post("/api/workflows/notes/execute",
                    Map.of("inputs", Map.of("note", "on second"), "sessionId", id)).json();

            assertThat(onSecond.get("outputs").get("notes").toString()).isEqualTo("[\"on first\",\"on second\"]");
        }
    }

    @Test
    void anUnreachableRedisIs503ForSessionsAndNothingElseBreaks() {
        try (Nexus down = redisNexus(URI.create("redis://127.0.0.1:9"))) {
            RestClient client = new RestClient(down.baseUri());
            Deployments.deployAsApi(dev.kaizen.nexus.TestAgents.echo("echo", ""), down, "echo");

            RestClient.Response create = client.post("/api/sessions", Map.of());
            RestClient.Response withSession = client.post("/api/workflows/notes/execute",
                    Map.of("inputs", Map.of("note", "x"), "sessionId", "any"));
            RestClient.Response withoutSession = client.execute("echo", Map.of("question", "still works"));

            assertThat(create.status()).isEqualTo(503);
            assertThat(create.json().get("type").asString()).isEqualTo("urn:kaizen:problem:session-store-unavailable");
            assertThat(create.json().get("detail").asString()).contains("cannot be reached");
            assertThat(withSession.status()).isEqualTo(503);
            assertThat(withoutSession.status()).isEqualTo(200);
        }
    }

    private static Nexus redisNexus(URI redis) {
        Nexus instance = Nexus.builder().port(0).deploymentCache(new DeploymentCache(10, Runnable::run))
                .sessions(NexusSessionManager.builder().store(new RedisSessionStore(redis, "two:")).build())
                .build().start();
        Deployments.deployAsApi(notes(), instance, "notes");
        return instance;
    }
}
