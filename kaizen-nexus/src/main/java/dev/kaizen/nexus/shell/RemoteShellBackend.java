package dev.kaizen.nexus.shell;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.kaizen.core.Field;
import dev.kaizen.core.FieldType;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.channel.RunListener;
import dev.kaizen.nexus.metrics.PerformanceSummary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs shell commands against a running Nexus through its REST channel, so a terminal on another
 * machine reaches a deployed agent: {@code --url http://host:8000 nexus run qa --question hi}.
 * What REST's paths and bodies are is {@link NexusRestClient}'s business; REST's problems become
 * the same error lines and exit codes as a local run.
 */
public final class RemoteShellBackend implements ShellBackend {

    private final JsonMapper json;

    private final NexusRestClient client;

    /**
     * Where each workflow described so far is executed: a run needs its description first (to
     * convert the options), so its execute path is known without two more requests. A workflow
     * withdrawn since answers 404, which is reported as such.
     */
    private final Map<String, String> executePaths = new ConcurrentHashMap<>();

    /**
     * @param base the Nexus's address, such as {@code http://127.0.0.1:8000}
     * @param json reads and writes the REST bodies
     * @param credential an API key or bearer token for a Nexus that requires one, or {@code null}
     */
    public RemoteShellBackend(URI base, JsonMapper json, @Nullable String credential) {
        this.json = json;
        this.client = new NexusRestClient(base, json, credential);
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public List<WorkflowDescription> list() {
        List<WorkflowDescription> workflows = new ArrayList<>();
        for (JsonNode summary : client.workflows()) {
            workflows.add(description(client.detail(summary)));
        }
        return workflows;
    }

    @Override
    public Optional<WorkflowDescription> describe(String name) {
        return client.workflow(name).map(this::description);
    }

    @Override
    public Map<String, Object> run(String name, Map<String, Object> inputs, @Nullable String sessionId,
            RunListener listener) {
        return toMap(client.execute(executePath(name), inputs, sessionId, listener));
    }

    @Override
    public Map<String, Object> submit(String name, Map<String, Object> inputs, @Nullable String sessionId) {
        return toMap(client.submit(executePath(name), inputs, sessionId));
    }

    @Override
    public Optional<Map<String, Object>> runInfo(String runId) {
        return Optional.of(toMap(client.run(runId)));
    }

    @Override
    public Optional<Map<String, Object>> cancelRun(String runId) {
        return Optional.of(toMap(client.cancel(runId)));
    }

    @Override
    public Map<String, Object> watch(String runId, RunListener listener) {
        return toMap(client.watch(runId, listener));
    }

    private String executePath(String name) {
        String known = executePaths.get(name);
        if (known != null) {
            return known;
        }
        JsonNode workflow = client.workflow(name).orElseThrow(() -> ShellFailure.of(FailureKind.NOT_FOUND,
                "no workflow named '" + name + "' is deployed; 'nexus list' shows them"));
        String execute = executePathOf(workflow);
        if (execute == null) {
            throw ShellFailure.of(FailureKind.NOT_FOUND, "workflow '" + name + "' is not served on REST there");
        }
        return execute;
    }

    @Override
    public Map<String, Object> sessions() {
        return toMap(client.sessions());
    }

    @Override
    public Optional<Map<String, Object>> session(String sessionId) {
        return Optional.of(toMap(client.session(sessionId)));
    }

    @Override
    public PerformanceSummary performance() {
        return PerformanceSummary.fromMap(toMap(client.metrics()));
    }

    @Override
    public Map<String, Object> performanceReport() {
        return toMap(client.report());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> toMap(JsonNode node) {
        return json.treeToValue(node, LinkedHashMap.class);
    }

    private static @Nullable String executePathOf(JsonNode workflow) {
        return workflow.path("endpoints").path(ChannelId.API.value()).asString(null);
    }

    private WorkflowDescription description(JsonNode body) {
        String execute = executePathOf(body);
        if (execute != null) {
            executePaths.put(body.path("name").asString(), execute);
        }
        List<String> channels = new ArrayList<>();
        body.path("channels").forEach(channel -> channels.add(channel.asString()));
        return new WorkflowDescription(body.path("name").asString(), body.path("description").asString(""),
                channels, signatureOf(body.path("inputSchema"), body.path("outputSchema"),
                        body.path("requiresSession").asBoolean(false)));
    }

    private Signature signatureOf(JsonNode inputSchema, JsonNode outputSchema, boolean requiresSession) {
        Signature.Builder signature = Signature.builder();
        if (requiresSession) {
            signature.requiresSession();
        }
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
