package dev.kaizen.nexus.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.kaizen.core.FieldType;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.rest.RestClient;
import dev.kaizen.nexus.rest.RestClient.Response;
import dev.kaizen.nexus.security.ApiKeys;
import dev.kaizen.nexus.security.SecuritySettings;

/**
 * Finding 7 of issue 25: another principal's session ids cannot be probed. Creating a session
 * answers the same whether or not another principal holds the id (the caller gets a session of its
 * own under that id), and a run that answers at once is refused before its 202 when it names a
 * session the caller does not have.
 */
class SessionIdsPerPrincipalTest {

    private static final String ALICE_KEY = "alice-key-0123456789abcdef";

    private static final String BOB_KEY = "bob-key-0123456789abcdef";

    private static final String ADMIN_KEY = "admin-key-0123456789abcdef";

    /** Sessions only by {@code POST /api/sessions}. */
    private static Nexus strict;

    /** An unknown id starts a session. */
    private static Nexus lenient;

    @BeforeAll
    static void start() {
        strict = start(false);
        lenient = start(true);
    }

    private static Nexus start(boolean createOnUnknown) {
        SecuritySettings security = SecuritySettings.builder()
                .apiKeys(Map.of("alice", ApiKeys.NOOP + ALICE_KEY, "bob", ApiKeys.NOOP + BOB_KEY,
                        "admin", ApiKeys.NOOP + ADMIN_KEY))
                .clientScopes("admin", java.util.Set.of("kaizen:admin"))
                .build();
        Nexus nexus = Nexus.builder().port(0).security(security).createSessionOnUnknown(createOnUnknown).build()
                .start();
        Deployments.deployAsApi(notes(), nexus, "notes");
        return nexus;
    }

    @AfterAll
    static void stop() {
        strict.close();
        lenient.close();
    }

    /** Appends its note to the session's {@code notes} and answers them all. */
    private static FunctionAgent notes() {
        return FunctionAgent.builder().name("notes").description("Keeps notes")
                .signature(Signature.builder().requiresSession().input("note", FieldType.STRING, "The note")
                        .output("notes", FieldType.STRING, "Every note").build())
                .function((inputs, context) -> Map.of("notes", String.valueOf(context.session().orElseThrow()
                        .update("notes", old -> (old == null ? "" : old + ",") + inputs.get("note")))))
                .build();
    }

    private static RestClient as(Nexus nexus, String key) {
        return new RestClient(nexus.baseUri()).with("X-API-Key", key);
    }

    @Test
    void creatingASessionWithAnotherPrincipalsIdAnswersAsForAFreeIdAndGivesTheCallerItsOwn() {
        RestClient alice = as(strict, ALICE_KEY);
        RestClient bob = as(strict, BOB_KEY);
        assertThat(alice.post("/api/sessions", Map.of("sessionId", "taken")).status()).isEqualTo(201);
        assertThat(alice.post("/api/workflows/notes/execute", Map.of("inputs", Map.of("note", "alice's"),
                "sessionId", "taken")).status()).isEqualTo(200);

        Response onTaken = bob.post("/api/sessions", Map.of("sessionId", "taken"));
        Response onFree = bob.post("/api/sessions", Map.of("sessionId", "free"));

        assertThat(onTaken.status()).isEqualTo(201).isEqualTo(onFree.status());
        assertThat(shape(onTaken.json())).isEqualTo(shape(onFree.json()));
        assertThat(onTaken.json().path("id").asString()).isEqualTo("taken");
        assertThat(onTaken.header("Location")).isEqualTo("/api/sessions/taken");
        assertThat(bob.post("/api/workflows/notes/execute", Map.of("inputs", Map.of("note", "bob's"),
                "sessionId", "taken")).json().at("/outputs/notes").asString()).isEqualTo("bob's");
        assertThat(bob.get("/api/sessions/taken").json().at("/state/notes").asString()).isEqualTo("bob's");
        assertThat(alice.get("/api/sessions/taken").json().at("/state/notes").asString()).isEqualTo("alice's");
        assertThat(ids(bob)).contains("taken", "free");

        // Only the caller's own session of an id makes the id taken for it.
        Response again = bob.post("/api/sessions", Map.of("sessionId", "taken"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("type").asString()).isEqualTo("urn:kaizen:problem:session-exists");
        assertThat(again.json().path("detail").asString()).isEqualTo("session 'taken' already exists");
        assertThat(alice.post("/api/sessions", Map.of("sessionId", "taken")).status()).isEqualTo(409);

        // An admin sees both: alice's under the id, bob's under the key it is kept under.
        RestClient admin = as(strict, ADMIN_KEY);
        String bobsKey = SessionIds.scoped("taken", "key:bob");
        assertThat(ids(admin)).contains("taken", bobsKey);
        assertThat(admin.get("/api/sessions/" + bobsKey).json().path("userId").asString()).isEqualTo("key:bob");

        assertThat(bob.delete("/api/sessions/taken").status()).isEqualTo(204);
        assertThat(bob.get("/api/sessions/taken").status()).isEqualTo(404);
        assertThat(alice.get("/api/sessions/taken").json().at("/state/notes").asString()).isEqualTo("alice's");
    }

    @Test
    void aRunThatAnswersAtOnceNamingASessionTheCallerDoesNotHaveIsRefusedBeforeIts202() {
        RestClient alice = as(strict, ALICE_KEY);
        RestClient bob = as(strict, BOB_KEY).with("Prefer", "respond-async");
        String alices = alice.post("/api/sessions", Map.of()).json().path("id").asString();

        Response onAlices = bob.post("/api/workflows/notes/execute", Map.of("inputs", Map.of("note", "x"),
                "sessionId", alices));
        Response onMissing = bob.post("/api/workflows/notes/execute", Map.of("inputs", Map.of("note", "x"),
                "sessionId", "no-such-session"));

        assertThat(onAlices.status()).isEqualTo(404);
        assertThat(onAlices.json().path("type").asString()).isEqualTo("urn:kaizen:problem:session-not-found");
        assertThat(onAlices.raw().body().replace(alices, "no-such-session")).isEqualTo(onMissing.raw().body());
        assertThat(bob.get("/api/runs?sessionId=" + alices).json().path("runs").size()).as("no run recorded")
                .isZero();
        assertThat(alice.get("/api/sessions/" + alices).json().path("state").size()).isZero();

        String bobs = bob.post("/api/sessions", Map.of()).json().path("id").asString();
        assertThat(bob.post("/api/workflows/notes/execute", Map.of("inputs", Map.of("note", "x"), "sessionId", bobs))
                .status()).as("the caller's own session").isEqualTo(202);
    }

    @Test
    void withCreateOnUnknownAnotherPrincipalsIdStartsTheCallersOwnSession() {
        RestClient alice = as(lenient, ALICE_KEY);
        RestClient bob = as(lenient, BOB_KEY);
        assertThat(alice.post("/api/workflows/notes/execute", Map.of("inputs", Map.of("note", "alice's"),
                "sessionId", "demo")).status()).isEqualTo(200);

        Response run = bob.with("Prefer", "respond-async").post("/api/workflows/notes/execute",
                Map.of("inputs", Map.of("note", "bob's"), "sessionId", "demo"));

        assertThat(run.status()).isEqualTo(202);
        assertThat(bob.get("/api/sessions/demo").json().path("userId").asString()).isEqualTo("key:bob");
        assertThat(bob.post("/api/workflows/notes/execute", Map.of("inputs", Map.of("note", "again"),
                "sessionId", "demo")).json().at("/outputs/notes").asString()).endsWith("again")
                .doesNotContain("alice's");
        assertThat(alice.get("/api/sessions/demo").json().at("/state/notes").asString()).isEqualTo("alice's");
    }

    /** An answer's fields and their JSON types, without the values that differ by nature (id, times). */
    private static Map<String, String> shape(JsonNode session) {
        Map<String, String> shape = new java.util.TreeMap<>();
        session.properties().forEach(field -> shape.put(field.getKey(), field.getValue().getNodeType().name()));
        return shape;
    }

    private static List<String> ids(RestClient client) {
        return client.get("/api/sessions").json().path("sessions").valueStream().map(JsonNode::asString).toList();
    }
}
