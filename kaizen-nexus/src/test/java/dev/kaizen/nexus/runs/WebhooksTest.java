package dev.kaizen.nexus.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.kaizen.core.Eventually;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.rest.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A run's end delivered to its callbackUrl: signed, retried with backoff, its attempts on the run. */
class WebhooksTest {

    /** The Standard Webhooks specification's own example secret. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A request the receiver got: its headers and body. */
    private record Received(Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .findFirst().orElseThrow().getValue().getFirst();
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();

    private HttpServer receiver;

    private Nexus nexus;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(received.size() <= 2 ? 500 : 204, -1); // fails the first two
            exchange.close();
        });
        receiver.start();
        nexus = Nexus.builder().port(0).webhooks(new WebhookSettings(List.of("127.0.0.1:*"), SECRET, 5,
                Duration.ofMillis(10))).build().start();
        Deployments.deployAsApi(TestAgents.agent("echo", "Echoes", inputs -> Map.of("answer", inputs.get("question"))),
                nexus, "echo");
    }

    @AfterEach
    void stop() {
        nexus.close();
        receiver.stop(0);
    }

    @Test
    void theSignerMatchesTheStandardWebhooksExample() {
        assertThat(new WebhookSigner(SECRET).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aReceiverThatFailsTwiceGetsItOnTheThirdAttemptSignedAndTheAttemptsAreOnTheRun() throws Exception {
        String callback = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        HttpResponse<String> accepted = submit("{\"inputs\":{\"question\":\"hi\"},\"callbackUrl\":\"" + callback + "\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = JSON.readTree(accepted.body()).path("runId").asString();

        JsonNode run = awaitDeliveries(runId, 3);

        assertThat(received).hasSize(3);
        assertThat(run.path("deliveries").valueStream().map(attempt -> attempt.path("status").asInt()).toList())
                .containsExactly(500, 500, 204);
        assertThat(run.at("/deliveries/2/error").isNull()).isTrue();
        Received last = received.get(2);
        assertThat(last.header("webhook-id")).isEqualTo("msg_" + runId);
        assertThat(received).extracting(Received::body).as("the same message each time").containsOnly(last.body());
        assertThat(JSON.readTree(last.body()).path("status").asString()).isEqualTo("succeeded");
        assertThat(JSON.readTree(last.body()).at("/result/outputs/answer").asString()).isEqualTo("hi");
        long timestamp = Long.parseLong(last.header("webhook-timestamp"));
        assertThat(last.header("webhook-signature")).isEqualTo(new WebhookSigner(SECRET).sign(
                last.header("webhook-id"), timestamp, last.body()));
    }

    @Test
    void anAttemptWithoutAnAnswerSaysWhyInPlainWordsNamingNoJavaClass() throws Exception {
        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        try (java.net.ServerSocket hangsUp = answering(new byte[0]);
                java.net.ServerSocket plainHttp = answering("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n")) {
            Map<String, String> expected = Map.of(
                    "http://127.0.0.1:" + closed + "/hook", "could not connect: connection refused",
                    "https://127.0.0.1:" + plainHttp.getLocalPort() + "/hook",
                    "TLS handshake failed: the receiver does not speak HTTPS",
                    "http://127.0.0.1:" + hangsUp.getLocalPort() + "/hook",
                    "no answer: the receiver closed the connection");
            for (Map.Entry<String, String> callback : expected.entrySet()) {
                HttpResponse<String> accepted = submit("{\"inputs\":{\"question\":\"hi\"},\"callbackUrl\":\""
                        + callback.getKey() + "\"}");
                JsonNode run = awaitDeliveries(JSON.readTree(accepted.body()).path("runId").asString(), 5);

                assertThat(run.path("deliveries").valueStream().map(attempt -> attempt.path("error").asString())
                        .toList()).as(callback.getKey()).containsOnly(callback.getValue());
                assertThat(run.path("deliveries").valueStream().allMatch(attempt -> attempt.path("status").isNull()))
                        .isTrue();
            }
        }
        assertThat(received).as("the plain receiver got nothing it could read as a delivery").isEmpty();
    }

    /** A loopback server that reads what comes, writes {@code answer} (plain bytes) and hangs up. */
    private static java.net.ServerSocket answering(String answer) throws java.io.IOException {
        return answering(answer.getBytes(StandardCharsets.US_ASCII));
    }

    private static java.net.ServerSocket answering(byte[] answer) throws java.io.IOException {
        java.net.ServerSocket server = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (java.net.Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[8192]);
                    socket.getOutputStream().write(answer);
                }
                catch (java.io.IOException stopped) {
                    // Closed by the test, or by the client: take the next one.
                }
            }
        });
        return server;
    }

    @Test
    void timeoutsAreStatedWithTheirLimit() {
        assertThat(Webhooks.inWords(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out")))
                .isEqualTo("could not connect: timed out after 5 s");
        assertThat(Webhooks.inWords(new java.net.http.HttpTimeoutException("request timed out")))
                .isEqualTo("no answer: timed out after 10 s");
        assertThat(Webhooks.inWords(new javax.net.ssl.SSLHandshakeException("PKIX path building failed",
                new java.security.cert.CertificateException("unable to find valid certification path"))))
                .isEqualTo("TLS handshake failed: the receiver's certificate is not trusted");
        assertThat(Webhooks.inWords(new java.io.IOException("something the JDK says")))
                .isEqualTo("no answer: the connection failed");
    }

    @Test
    void aCallbackToAHostOutsideTheAllowListIsRefusedBeforeAnythingRuns() throws Exception {
        HttpResponse<String> refused = submit("{\"inputs\":{\"question\":\"hi\"},"
                + "\"callbackUrl\":\"http://localhost:9/hook\"}");
        HttpResponse<String> notAUrl = submit("{\"inputs\":{\"question\":\"hi\"},\"callbackUrl\":\"ftp://127.0.0.1/x\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("callbackUrl", "localhost:9", "allowed-hosts");
        assertThat(notAUrl.statusCode()).isEqualTo(400);
        assertThat(notAUrl.body()).contains("callbackUrl", "http or https");
        assertThat(received).isEmpty();
    }

    @Test
    void aCallbackWithoutRespondAsyncIsRefused() throws Exception {
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(nexus.baseUri() + "/api/workflows/echo/execute")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"question\":\"hi\"},"
                        + "\"callbackUrl\":\"http://127.0.0.1:1/hook\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("callbackUrl", "Prefer: respond-async");
    }

    private HttpResponse<String> submit(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(nexus.baseUri() + "/api/workflows/echo/execute")).header("Content-Type", "application/json")
                .header("Prefer", "respond-async").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitDeliveries(String runId, int count) {
        RestClient rest = new RestClient(nexus.baseUri());
        JsonNode run = Eventually.until(() -> rest.get("/api/runs/" + runId).json(),
                read -> read.path("deliveries").size() >= count);
        assertThat(run.path("deliveries").size()).as(run.toString()).isEqualTo(count);
        return run;
    }
}
