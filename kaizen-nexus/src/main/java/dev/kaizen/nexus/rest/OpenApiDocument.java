package dev.kaizen.nexus.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kaizen.core.RunContext;
import dev.kaizen.nexus.admin.WorkflowView;

/**
 * Builds the OpenAPI 3.1 document of what is deployed right now: one execute operation per
 * workflow, with the workflow's own input and output JSON Schemas (OpenAPI 3.1 speaks JSON Schema
 * 2020-12, the dialect signatures produce).
 */
final class OpenApiDocument {

    private static final Map<String, Object> PROBLEM = Map.of("$ref", "#/components/schemas/Problem");

    private OpenApiDocument() {
    }

    static Map<String, Object> of(List<WorkflowView> workflows, String version, RestConfig config, boolean secured) {
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put(config.pathPrefix(), Map.of("get", Map.of("operationId", "listWorkflows",
                "summary", "List deployed workflows", "responses", Map.of("200", jsonResponse("The workflows",
                        Map.of("type", "object"))))));
        for (WorkflowView workflow : workflows) {
            String execute = workflow.endpoints().get(RestPaths.CHANNEL);
            if (execute != null) {
                paths.put(execute, Map.of("post", executeOperation(workflow)));
            }
        }
        paths.put(RestConfig.HEALTH_PATH, Map.of("get", Map.of("operationId", "health", "summary", "Nexus health",
                "security", List.of(), // open even when everything else needs a credential
                "responses", Map.of("200", jsonResponse("Status, workflows, version, uptime", Map.of("type", "object"))))));

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.1.0");
        document.put("info", Map.of("title", "Kaizen Nexus", "version", version,
                "description", "Workflows deployed on this Nexus, each as one execute operation."));
        document.put("jsonSchemaDialect", "https://json-schema.org/draft/2020-12/schema");
        document.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("schemas", Map.of("Problem", problemSchema()));
        if (secured) {
            components.put("securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer",
                    "description", "An API key or an OAuth 2.1 access token (JWT); an API key may also come as "
                            + "the X-API-Key header")));
            document.put("security", List.of(Map.of("bearer", List.of())));
        }
        document.put("components", components);
        return document;
    }

    private static Map<String, Object> executeOperation(WorkflowView workflow) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", "object");
        request.put("properties", Map.of(
                "inputs", withoutDialect(workflow.inputSchema()),
                "sessionId", Map.of("type", "string", "pattern", "^" + RunContext.SESSION_ID_PATTERN + "$",
                        "description", workflow.requiresSession()
                                ? "Required: this workflow keeps its state in a session (POST /api/sessions)"
                                : "A session to continue (optional)"),
                "callbackUrl", Map.of("type", "string", "format", "uri", "description", "With Prefer: respond-async: "
                        + "where to POST the run's final JSON when it ends, signed after Standard Webhooks; the host "
                        + "must be on the server's allow-list")));
        if (workflow.requiresSession()) {
            request.put("required", List.of("sessionId"));
        }
        request.put("additionalProperties", false);

        Map<String, Object> response = new LinkedHashMap<>();
        response.put("type", "object");
        response.put("properties", Map.of(
                "workflow", Map.of("type", "string"),
                "outputs", withoutDialect(workflow.outputSchema()),
                "sessionId", Map.of("type", List.of("string", "null")),
                "executionTimeMs", Map.of("type", "number")));
        response.put("required", List.of("workflow", "outputs", "executionTimeMs"));

        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("operationId", "execute_" + workflow.name());
        operation.put("summary", workflow.description().isEmpty() ? "Run " + workflow.name()
                : workflow.description());
        operation.put("requestBody", Map.of("required", true,
                "content", Map.of("application/json", Map.of("schema", request))));
        operation.put("parameters", List.of(Map.of("name", "Prefer", "in", "header", "required", false,
                "description", "respond-async (RFC 7240): answer 202 at once and run in the background; read the "
                        + "run at the Location given (GET /api/runs/{id}, its events at /api/runs/{id}/events, "
                        + "cancel with DELETE)", "schema", Map.of("type", "string"))));
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", Map.of("description", "The workflow's outputs; with Accept: text/event-stream, the run's "
                + "events as Server-Sent Events", "content", Map.of("application/json", Map.of("schema", response),
                        "text/event-stream", Map.of("schema", eventStreamSchema(response)))));
        responses.put("202", Map.of("description", "With Prefer: respond-async, the run was accepted: its id, "
                + "status (queued or running) and links; Location is /api/runs/{id}", "headers",
                Map.of("Location", Map.of("schema", Map.of("type", "string")), "Preference-Applied",
                        Map.of("schema", Map.of("type", "string", "const", "respond-async"))),
                "content", Map.of("application/json", Map.of("schema", Map.of("type", "object",
                        "required", List.of("runId", "status"), "properties", Map.of("runId", Map.of("type", "string"),
                                "status", Map.of("enum", List.of("queued", "running")),
                                "links", Map.of("type", "object")))))));
        responses.put("400", problemResponse("Malformed request, invalid inputs or session id, or a session "
                + "required but not given; each field problem is listed"));
        responses.put("404", problemResponse("No such workflow, or the session does not exist"));
        responses.put("413", problemResponse("Request body or the session's state over the limit"));
        responses.put("415", problemResponse("Body is not JSON"));
        responses.put("500", problemResponse("The agent failed"));
        responses.put("503", problemResponse("Session store unavailable, or overloaded; see Retry-After"));
        responses.put("504", problemResponse("The workflow timed out"));
        operation.put("responses", responses);
        return operation;
    }

    /**
     * The Server-Sent Events of one run (OpenAPI 3.1 describes an event stream as a string; the
     * events are listed in the description, with the schema of each event's data).
     */
    private static Map<String, Object> eventStreamSchema(Map<String, Object> result) {
        Map<String, Object> events = new LinkedHashMap<>(); // in the order a stream sends them
        events.put("started", Map.of("type", "object", "properties", Map.of("runId", Map.of("type", "string"),
                "sessionId", Map.of("type", List.of("string", "null")))));
        events.put("progress", Map.of("type", "object", "properties", Map.of("message", Map.of("type", "string"),
                "fraction", Map.of("type", "number", "minimum", 0, "maximum", 1))));
        events.put("token", Map.of("type", "object", "properties", Map.of("text", Map.of("type", "string"))));
        events.put("result", result);
        events.put("error", PROBLEM);
        return Map.of("type", "string", "description", "Events: started {runId, sessionId}; progress {message, "
                + "fraction?}; token {text}; then exactly one of result (the application/json answer) or error (the "
                + "problem document a plain call would answer). A comment line while the run is silent.",
                "x-kaizen-events", events);
    }

    private static Map<String, Object> withoutDialect(Map<String, Object> schema) {
        Map<String, Object> copy = new LinkedHashMap<>(schema);
        copy.remove("$schema");
        return copy;
    }

    private static Map<String, Object> jsonResponse(String description, Map<String, Object> schema) {
        return Map.of("description", description, "content", Map.of("application/json", Map.of("schema", schema)));
    }

    private static Map<String, Object> problemResponse(String description) {
        return Map.of("description", description, "content",
                Map.of("application/problem+json", Map.of("schema", PROBLEM)));
    }

    private static Map<String, Object> problemSchema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("type", Map.of("type", "string"));
        properties.put("title", Map.of("type", "string"));
        properties.put("status", Map.of("type", "integer"));
        properties.put("detail", Map.of("type", "string"));
        properties.put("instance", Map.of("type", "string"));
        properties.put("errors", Map.of("type", "array", "items", Map.of("type", "object",
                "properties", Map.of("field", Map.of("type", "string"), "problem", Map.of("type", "string")))));
        properties.put("correlationId", Map.of("type", "string"));
        return Map.of("type", "object", "properties", properties);
    }
}
