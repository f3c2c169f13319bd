package dev.kaizen.core;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A loopback server that speaks OpenAI's chat-completions wire format, standing in for a paid
 * model provider. It answers every request with the content or error it was given and records
 * what it received.
 */
final class ChatCompletionsServer implements AutoCloseable {

    record Received(String method, String path, Map<String, List<String>> headers, JsonNode body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;

    private volatile int status = 200;

    private volatile String responseBody = completion("{}");

    private volatile Map<String, String> responseHeaders = Map.of();

    /** Released on close: a model told to hang holds each request until then. */
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    private volatile boolean hang;

    final List<Received> received = new CopyOnWriteArrayList<>();

    ChatCompletionsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Answers the next requests with a completion whose message content is {@code content}. */
    void answer(String content) {
        status = 200;
        responseBody = completion(content);
    }

    /** Answers the next requests with an OpenAI error object, this status and these headers. */
    void fail(int httpStatus, String message, Map<String, String> headers) {
        fail(httpStatus, message);
        responseHeaders = Map.copyOf(headers);
    }

    /** Never answers the next requests (until closed), as a model that hangs. */
    void hang() {
        hang = true;
    }

    /** Answers the next requests with an OpenAI error object and this status. */
    void fail(int httpStatus, String message) {
        responseHeaders = Map.of();
        status = httpStatus;
        responseBody = JSON.writeValueAsString(Map.of("error",
                Map.of("message", message, "type", "invalid_request_error", "code", "invalid_api_key")));
    }

    private static String completion(String content) {
        return JSON.writeValueAsString(Map.of(
                "id", "chatcmpl-test-1",
                "object", "chat.completion",
                "created", 1_700_000_000,
                "model", "test-model",
                "choices", List.of(Map.of(
                        "index", 0,
                        "message", Map.of("role", "assistant", "content", content),
                        "finish_reason", "stop")),
                "usage", Map.of("prompt_tokens", 10, "completion_tokens", 5, "total_tokens", 15)));
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] request = exchange.getRequestBody().readAllBytes();
        JsonNode body = request.length == 0 ? JSON.createObjectNode() : JSON.readTree(request);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        if (hang) {
            try {
                closed.await();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] response = responseBody.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        responseHeaders.forEach(exchange.getResponseHeaders()::add);
        exchange.sendResponseHeaders(status, response.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
