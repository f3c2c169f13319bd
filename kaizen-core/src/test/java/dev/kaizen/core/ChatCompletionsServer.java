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
public final class ChatCompletionsServer implements AutoCloseable {

    public record Received(String method, String path, Map<String, List<String>> headers, JsonNode body) {

        public String header(String name) {
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

    /** Pieces of content to stream to a request that asks for a stream, with a pause before each. */
    private volatile List<String> streamed = List.of();

    private volatile java.time.Duration streamGap = java.time.Duration.ZERO;

    /** {@link System#nanoTime()} at which a streaming client was found gone, or 0. */
    public volatile long hungUpNanos;

    /** How many chunks were written before the client went away (or all of them). */
    public volatile int chunksWritten;

    /** Counted down when the first chunk of a stream has been written. */
    public final java.util.concurrent.CountDownLatch streaming = new java.util.concurrent.CountDownLatch(1);

    /** Counted down when a streaming client was found gone. */
    public final java.util.concurrent.CountDownLatch hungUp = new java.util.concurrent.CountDownLatch(1);

    public final List<Received> received = new CopyOnWriteArrayList<>();

    public ChatCompletionsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Answers the next requests with a completion whose message content is {@code content}. */
    public void answer(String content) {
        status = 200;
        responseBody = completion(content);
    }

    /** Answers the next requests with an OpenAI error object, this status and these headers. */
    public void fail(int httpStatus, String message, Map<String, String> headers) {
        fail(httpStatus, message);
        responseHeaders = Map.copyOf(headers);
    }

    /**
     * Answers the next requests that ask for a stream ({@code "stream": true}) with these pieces
     * as {@code chat.completion.chunk} Server-Sent Events, pausing {@code gap} before each, as a
     * slow model streams; a request that does not ask for a stream gets them as one completion.
     */
    public void stream(java.time.Duration gap, String... pieces) {
        status = 200;
        streamed = List.of(pieces);
        streamGap = gap;
        responseBody = completion(String.join("", pieces));
    }

    /**
     * Fails the next {@code times} requests with this status, then answers with a completion whose
     * content is {@code content}. No {@code Retry-After}: OkHttp itself repeats a 503 that carries
     * {@code Retry-After: 0}, which would hide the client's own retries.
     */
    public void failThenAnswer(int times, int httpStatus, String content) {
        failuresLeft.set(times);
        failureStatus = httpStatus;
        answer(content);
    }

    private final java.util.concurrent.atomic.AtomicInteger failuresLeft = new java.util.concurrent.atomic.AtomicInteger();

    private volatile int failureStatus;

    /** Never answers the next requests (until closed), as a model that hangs. */
    public void hang() {
        hang = true;
    }

    /** Answers the next requests with an OpenAI error object and this status. */
    public void fail(int httpStatus, String message) {
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
        if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            byte[] error = JSON.writeValueAsBytes(Map.of("error", Map.of("message", "try later", "type", "server_error")));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(failureStatus, error.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(error);
            }
            return;
        }
        if (!streamed.isEmpty() && body.path("stream").asBoolean(false)) {
            streamChunks(exchange);
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

    private void streamChunks(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try (out) {
            for (String piece : streamed) {
                if (pause()) {
                    return;
                }
                out.write(("data: " + chunk(Map.of("content", piece), null) + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                chunksWritten++;
                streaming.countDown();
            }
            out.write(("data: " + chunk(Map.of(), "stop") + "\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        catch (IOException clientGone) {
            hungUpNanos = System.nanoTime();
            hungUp.countDown();
        }
    }

    /** Waits the gap between chunks; true if the server is closing meanwhile. */
    private boolean pause() {
        try {
            return closed.await(streamGap.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static String chunk(Map<String, String> delta, String finishReason) {
        Map<String, Object> choice = new java.util.LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("finish_reason", finishReason);
        return JSON.writeValueAsString(Map.of("id", "chatcmpl-test-1", "object", "chat.completion.chunk",
                "created", 1_700_000_000, "model", "test-model", "choices", List.of(choice)));
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
