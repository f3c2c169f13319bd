package dev.kaizen.nexus.shell;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.kaizen.core.Field;
import dev.kaizen.core.FieldType;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.metrics.PerformanceSummary;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs shell commands against a running Nexus through its REST channel, so a terminal on another
 * machine reaches a deployed agent: {@code nexus --url http://host:8000 run qa --question hi}.
 * REST's problem details become the same error lines and exit codes as a local run.
 */
public final class RemoteShellBackend implements ShellBackend {

    private final URI base;

    private final JsonMapper json;

    private final HttpClient http;

    /**
     * @param base the Nexus's address, such as {@code http://127.0.0.1:8000}
     * @param json reads and writes the REST bodies
     */
    public RemoteShellBackend(URI base, JsonMapper json) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public List<WorkflowDescription> list() {
        JsonNode body = expectOk(send(HttpRequest.newBuilder(resolve("api/workflows")).GET()));
        List<WorkflowDescription> workflows = new ArrayList<>();
        for (JsonNode summary : body.get("workflows")) {
            describe(summary.get("name").asString()).ifPresent(workflows::add);
        }
        return workflows;
    }

    @Override
    public Optional<WorkflowDescription> describe(String name) {
        Response response = send(HttpRequest.newBuilder(resolve("api/workflows/" + name)).GET());
        if (response.status() == 404) {
            return Optional.empty();
        }
        JsonNode body = expectOk(response);
        List<String> channels = new ArrayList<>();
        body.get("channels").forEach(channel -> channels.add(channel.asString()));
        return Optional.of(new WorkflowDescription(body.get("name").asString(), body.get("description").asString(),
                channels, signatureOf(body.get("inputSchema"), body.get("outputSchema"))));
    }

    @Override
    public Map<String, Object> run(String name, Map<String, Object> inputs, @Nullable String sessionId) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("inputs", inputs);
        if (sessionId != null) {
            request.put("sessionId", sessionId);
        }
        Response response = send(HttpRequest.newBuilder(resolve("api/workflows/" + name + "/execute"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request))));
        return toMap(expectOk(response).get("outputs"));
    }

    @Override
    public Map<String, Object> sessions() {
        return toMap(expectOk(send(HttpRequest.newBuilder(resolve("api/sessions")).GET())));
    }

    @Override
    public Optional<Map<String, Object>> session(String sessionId) {
        Response response = send(HttpRequest.newBuilder(resolve("api/sessions/" + sessionId)).GET());
        if (response.status() == 404 || response.status() == 400) {
            return Optional.empty();
        }
        return Optional.of(toMap(expectOk(response)));
    }

    @Override
    public PerformanceSummary performance() {
        return PerformanceSummary.fromMap(toMap(expectOk(send(HttpRequest.newBuilder(resolve("api/metrics")).GET()))));
    }

    @Override
    public Map<String, Object> performanceReport() {
        return toMap(expectOk(send(HttpRequest.newBuilder(resolve("api/performance/report")).GET())));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> toMap(JsonNode node) {
        return json.treeToValue(node, LinkedHashMap.class);
    }

    private record Response(int status, JsonNode body) {
    }

    private URI resolve(String path) {
        return base.resolve(path);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
            return new Response(response.statusCode(), body);
        }
        catch (ConnectException e) {
            throw ShellFailure.failed("cannot reach the Nexus at " + base + ": connection refused");
        }
        catch (IOException e) {
            throw ShellFailure.failed("cannot reach the Nexus at " + base + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        catch (JacksonException e) {
            throw ShellFailure.failed("the server at " + base + " did not answer with JSON; is it a Kaizen Nexus?");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ShellFailure.failed("interrupted");
        }
    }

    private JsonNode expectOk(Response response) {
        if (response.status() == 200) {
            return response.body();
        }
        JsonNode detail = response.body().get("detail");
        String message = detail == null ? "HTTP " + response.status() + " from " + base : detail.asString();
        if (response.status() == 400) {
            throw ShellFailure.invalidInput(message);
        }
        if (response.status() == 404) {
            throw ShellFailure.notFound(message);
        }
        throw ShellFailure.failed(message);
    }

    private Signature signatureOf(JsonNode inputSchema, JsonNode outputSchema) {
        Signature.Builder signature = Signature.builder();
        fields(inputSchema).forEach(signature::input);
        fields(outputSchema).forEach(signature::output);
        return signature.build();
    }

    private List<Field> fields(JsonNode schema) {
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asString()));
        List<Field> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            JsonNode spec = property.getValue();
            FieldType type = FieldType.fromJsonName(spec.path("type").asString());
            String description = spec.path("description").asString("");
            boolean isRequired = required.contains(property.getKey());
            Object defaultValue = spec.has("default") ? json.treeToValue(spec.get("default"), Object.class) : null;
            fields.add(isRequired ? Field.required(property.getKey(), type, description)
                    : Field.optional(property.getKey(), type, description, defaultValue));
        }
        return fields;
    }
}
