package dev.kaizen.nexus.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for tests, speaking JSON to a Nexus. */
public final class RestClient {

    /** A response: status, headers, and the body as text and as JSON. */
    public record Response(int status, String contentType, HttpResponse<String> raw) {

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    private final Map<String, String> headers;

    public RestClient(URI base) {
        this(base, Map.of());
    }

    private RestClient(URI base, Map<String, String> headers) {
        this.base = base;
        this.headers = headers;
    }

    /** A client that sends one more header with every request, such as a credential. */
    public RestClient with(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new RestClient(base, more);
    }

    /** A client that sends {@code Authorization: Bearer <credential>}. */
    public RestClient bearer(String credential) {
        return with("Authorization", "Bearer " + credential);
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public Response post(String path, Object body) {
        return postRaw(path, "application/json", body instanceof String s ? s : JSON.writeValueAsString(body));
    }

    public Response execute(String name, Map<String, ?> inputs) {
        return post("/api/workflows/" + name + "/execute", Map.of("inputs", inputs));
    }

    public Response postRaw(String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    public Response send(HttpRequest.Builder request) {
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
