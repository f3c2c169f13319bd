package dev.kaizen.nexus.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kaizen.core.ModelCallException;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.NoInternals;
import dev.kaizen.nexus.TestAgents;

/**
 * REST as an attacker tries it: malformed paths, headers and bodies get problem+json, never
 * Tomcat's HTML or a framework's JSON; a model's failures get their own statuses.
 */
class RestHardeningTest {

    private static Nexus nexus;

    @BeforeAll
    static void start() {
        nexus = Nexus.builder().port(0).build().start();
        Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "echo");
        Deployments.deployMultiChannel(TestAgents.agent("limited", "rate limited", in -> {
            throw new ModelCallException(ModelCallException.Reason.RATE_LIMITED, "http://127.0.0.1:1/v1",
                    "refused the call for its rate limit (HTTP 429)", Duration.ofSeconds(7), null);
        }), nexus, "limited");
        Deployments.deployMultiChannel(TestAgents.agent("down", "model down", in -> {
            throw new ModelCallException(ModelCallException.Reason.UNAVAILABLE, "http://127.0.0.1:1/v1",
                    "is unreachable: connection refused", null, null);
        }), nexus, "down");
    }

    @AfterAll
    static void stop() {
        nexus.close();
    }

    /** Sends raw bytes, as a client that builds its own requests would; answers the status line and body. */
    private static String[] raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", nexus.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = answer.indexOf("\r\n\r\n");
            return new String[] { answer.substring(0, Math.max(0, split)), split < 0 ? "" : answer.substring(split + 4) };
        }
    }

    @Test
    void requestsTomcatRefusesGetProblemJsonNotHtml() throws Exception {
        String bigHeader = "X-Big: " + "a".repeat(20_000) + "\r\n";
        for (String request : new String[] {
                "GET /api/workflows/a%2Fb/execute HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                "GET /api/workflows/a%00b HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                "GET /api/workflows HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bigHeader + "Connection: close\r\n\r\n" }) {
            String[] answer = raw(request);
            assertThat(answer[0]).as(request.substring(0, 40)).startsWith("HTTP/1.1 4")
                    .containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(answer[1]).contains("\"type\":\"urn:kaizen:problem:");
            NoInternals.assertClean(request.substring(0, 40), answer[1]);
        }
    }

    @Test
    void everyPathUnderTheWorkflowPrefixIsAnsweredByTheNexus() {
        RestClient rest = new RestClient(nexus.baseUri());
        for (String path : new String[] { "/api/workflows/echo/execute/", "/api/workflows/", "/api/workflows/x/y/z" }) {
            RestClient.Response response = rest.get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.contentType()).as(path).startsWith("application/problem+json");
            NoInternals.assertClean(path, response.raw().body());
        }
    }

    @Test
    void headIsAnsweredLikeGetAndOddContentTypesAre415() {
        RestClient rest = new RestClient(nexus.baseUri());
        assertThat(rest.send(java.net.http.HttpRequest.newBuilder(nexus.baseUri().resolve("/api/workflows"))
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())).status()).isEqualTo(200);
        for (String type : new String[] { "application/json; charset=bogus-42", ";;;=/", "text/plain" }) {
            RestClient.Response response = rest.postRaw("/api/workflows/echo/execute", type, "{\"inputs\":{}}");
            assertThat(response.status()).as(type).isEqualTo(415);
            NoInternals.assertClean(type, response.raw().body());
        }
    }

    @Test
    void wildcardContentTypesAre415OnEveryRouteNotServerErrors() {
        RestClient rest = new RestClient(nexus.baseUri());
        for (String type : new String[] { "*/*", "application/*", "text/*", "*/json" }) {
            for (String path : new String[] { "/api/workflows", "/api/sessions", "/api/runs", "/health", "/nowhere" }) {
                RestClient.Response read = rest.send(java.net.http.HttpRequest.newBuilder(nexus.baseUri().resolve(path))
                        .header("Content-Type", type).GET());
                assertThat(read.status()).as(type + " " + path).isEqualTo(415);
                assertThat(read.contentType()).as(type + " " + path).startsWith("application/problem+json");
                NoInternals.assertClean(type, read.raw().body());
            }
            RestClient.Response call = rest.postRaw("/api/workflows/echo/execute", type, "{\"inputs\":{\"question\":\"q\"}}");
            assertThat(call.status()).as(type).isEqualTo(415);
            assertThat(call.json().path("type").asString()).isEqualTo("urn:kaizen:problem:unsupported-media-type");
        }
    }

    @Test
    void aQueryThatIsNotPercentEncodedUtf8Is400() throws Exception {
        for (String query : new String[] { "%ff=1", "sessionId=%ff", "a=%e2%82", "x=%zz", "x=%4" }) {
            String[] answer = raw("GET /api/runs?" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(answer[0]).as(query).startsWith("HTTP/1.1 400")
                    .containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(answer[1]).contains("urn:kaizen:problem:invalid-request", "query string");
        }
        assertThat(raw("GET /api/runs?sessionId=caf%C3%A9 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")[0])
                .doesNotStartWith("HTTP/1.1 5");
    }

    @Test
    void oddSpellingsOfNexusPathsAreAnsweredAsProblemsNotSpringErrors() throws Exception {
        for (String path : new String[] { "/api/runs/..", "/api;x=y/workflows/nosuch", "/api/workflows/nosuch;x=y",
                "/api//workflows/nosuch", "/nowhere" }) {
            String[] answer = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(answer[0]).as(path).startsWith("HTTP/1.1 4")
                    .containsIgnoringCase("Content-Type: application/problem+json");
            NoInternals.assertClean(path, answer[1]);
        }
        // A path parameter is refused, not routed as another path.
        assertThat(raw("GET /api;x=y/workflows HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")[0])
                .startsWith("HTTP/1.1 400");
    }

    @Test
    void acceptQualitiesDecideBetweenTheStreamAndThePlainAnswer() {
        RestClient rest = new RestClient(nexus.baseUri());
        java.util.function.Function<String, RestClient.Response> call = accept -> rest.send(java.net.http.HttpRequest
                .newBuilder(nexus.baseUri().resolve("/api/workflows/echo/execute")).header("Content-Type", "application/json")
                .header("Accept", accept).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"inputs\":{\"question\":\"q\"}}")));
        assertThat(call.apply("text/event-stream").contentType()).startsWith("text/event-stream");
        assertThat(call.apply("text/event-stream;q=0, */*").contentType()).startsWith("application/json");
        assertThat(call.apply("text/event-stream;q=0").status()).isEqualTo(406);
        assertThat(call.apply("text/event-stream;q=0.5, application/json").contentType()).startsWith("application/json");
        assertThat(call.apply("application/json;q=0.2, text/event-stream").contentType()).startsWith("text/event-stream");
        assertThat(call.apply("*/*").contentType()).startsWith("application/json");
        RestClient.Response neither = call.apply("text/html");
        assertThat(neither.status()).isEqualTo(406);
        assertThat(neither.contentType()).startsWith("application/problem+json");
        RestClient.Response unreadable = call.apply("text/event-stream;q=abc,,;");
        assertThat(unreadable.status()).isIn(400, 406);
        NoInternals.assertClean("accept", unreadable.raw().body());
    }

    @Test
    void bodiesAreReadStrictly() {
        RestClient rest = new RestClient(nexus.baseUri());
        RestClient.Response twice = rest.postRaw("/api/workflows/echo/execute", "application/json",
                "{\"sessionId\":\"a\",\"sessionId\":\"b\",\"inputs\":{\"question\":\"q\"}}");
        RestClient.Response twoDocuments = rest.postRaw("/api/workflows/echo/execute", "application/json",
                "{\"inputs\":{\"question\":\"q\"}} {\"inputs\":{}}");

        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.raw().body()).contains("Duplicate");
        assertThat(twoDocuments.status()).isEqualTo(400);
        assertThat(twoDocuments.raw().body()).contains("more content after the JSON value");
        RestClient.Response deep = rest.postRaw("/api/workflows/echo/execute", "application/json",
                "{\"inputs\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}");
        assertThat(deep.status()).isEqualTo(400);
        assertThat(deep.raw().body()).contains("nesting depth");
        NoInternals.assertClean("deep nesting", deep.raw().body());
        NoInternals.assertClean("duplicate keys", twice.raw().body());
        NoInternals.assertClean("two documents", twoDocuments.raw().body());
    }

    @Test
    void aModelsOwnFailuresHaveTheirOwnStatuses() {
        RestClient rest = new RestClient(nexus.baseUri());
        RestClient.Response limited = rest.execute("limited", Map.of("question", "q"));
        RestClient.Response down = rest.execute("down", Map.of("question", "q"));

        assertThat(limited.status()).isEqualTo(503);
        assertThat(limited.header("Retry-After")).isEqualTo("7");
        assertThat(limited.json().get("type").asString()).isEqualTo("urn:kaizen:problem:model-rate-limited");
        assertThat(down.status()).isEqualTo(502);
        assertThat(down.json().get("detail").asString())
                .isEqualTo("model endpoint http://127.0.0.1:1/v1 is unreachable: connection refused");
        NoInternals.assertClean("502", down.raw().body());
    }
}
