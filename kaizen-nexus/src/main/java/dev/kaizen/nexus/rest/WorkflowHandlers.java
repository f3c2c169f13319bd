package dev.kaizen.nexus.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.kaizen.core.InvalidInputException;
import dev.kaizen.core.RunContext;
import dev.kaizen.core.KaizenException;
import dev.kaizen.core.FieldError;
import dev.kaizen.core.WorkflowTimeoutException;
import dev.kaizen.nexus.ChannelType;
import dev.kaizen.nexus.NexusHealth;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.deploy.DeploymentRegistry;
import dev.kaizen.nexus.execution.Execution;
import dev.kaizen.nexus.execution.WorkflowExecutor;
import dev.kaizen.nexus.session.SessionIds;
import tools.jackson.databind.json.JsonMapper;

/** What each REST route does once {@link RestRouter} has chosen it. */
final class WorkflowHandlers {

    /** Carries the id under which a server-side failure was logged. */
    static final String CORRELATION_HEADER = "X-Correlation-Id";

    /** Names the session of a call, in a request or a response. */
    static final String SESSION_HEADER = "X-Session-Id";

    private static final Logger log = LoggerFactory.getLogger(WorkflowHandlers.class);

    private final DeploymentRegistry registry;

    private final RestConfig config;

    private final JsonMapper json;

    private final Supplier<NexusHealth> health;

    private final WorkflowExecutor executor;

    WorkflowHandlers(DeploymentRegistry registry, RestConfig config, JsonMapper json, Supplier<NexusHealth> health,
            WorkflowExecutor executor) {
        this.registry = registry;
        this.config = config;
        this.json = json;
        this.health = health;
        this.executor = executor;
    }

    ServerResponse execute(ServerRequest request, Deployment deployment) {
        ExecuteRequest body = ExecuteRequest.read(request, config.maxRequestBytes(), json);
        String sessionId = sessionIdOf(request, body);
        Execution execution = run(deployment, body.inputs(), sessionId);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("workflow", deployment.name());
        response.put("outputs", execution.result().outputs());
        response.put("sessionId", execution.sessionId());
        response.put("executionTimeMs", execution.result().elapsed().toNanos() / 1e6);
        ServerResponse.BodyBuilder ok = ServerResponse.ok().contentType(MediaType.APPLICATION_JSON);
        if (execution.sessionId() != null) {
            ok.header(SESSION_HEADER, execution.sessionId());
        }
        return ok.body(response);
    }

    /** The session of a call: the body's {@code sessionId} or the {@code X-Session-Id} header. */
    private static @Nullable String sessionIdOf(ServerRequest request, ExecuteRequest body) {
        String header = request.headers().firstHeader(SESSION_HEADER);
        if (header == null || header.isBlank()) {
            return body.sessionId();
        }
        if (!SessionIds.isValid(header)) {
            throw Problem.invalidRequest("the " + SESSION_HEADER + " header is not a valid session id",
                    List.of(new FieldError(SESSION_HEADER, RunContext.SESSION_ID_RULE)));
        }
        if (body.sessionId() != null && !body.sessionId().equals(header)) {
            throw Problem.invalidRequest("the body and the header name different sessions",
                    List.of(new FieldError("sessionId", "differs from the " + SESSION_HEADER + " header")));
        }
        return header;
    }

    private Execution run(Deployment deployment, Map<String, Object> inputs, @Nullable String sessionId) {
        try {
            return executor.execute(deployment, inputs, sessionId, ChannelType.API);
        }
        catch (InvalidInputException e) {
            throw Problem.invalidInputs(e.getMessage(), e.errors());
        }
        catch (WorkflowTimeoutException e) {
            String id = newCorrelationId();
            log.warn("[{}] workflow '{}' timed out: {}", id, deployment.name(), e.getMessage());
            throw Problem.serverSide(HttpStatus.GATEWAY_TIMEOUT, "timeout", "Workflow timed out", e.getMessage(), id);
        }
        catch (KaizenException e) {
            Problem session = SessionProblems.of(e);
            if (session != null) {
                throw session;
            }
            String id = newCorrelationId();
            log.error("[{}] workflow '{}' failed", id, deployment.name(), e);
            throw Problem.serverSide(HttpStatus.INTERNAL_SERVER_ERROR, "agent-failure", "Agent failed",
                    e.getMessage(), id);
        }
    }

    ServerResponse describe(Deployment deployment) {
        Map<String, Object> body = summary(deployment);
        body.put("inputSchema", deployment.workflow().inputSchema());
        body.put("outputSchema", deployment.workflow().outputSchema());
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    ServerResponse list() {
        List<Map<String, Object>> workflows = registry.list().stream().map(WorkflowHandlers::summary).toList();
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(Map.of("workflows", workflows));
    }

    ServerResponse health() {
        NexusHealth now = health.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", now.status().name().toLowerCase(Locale.ROOT));
        body.put("workflows", now.workflows().size());
        body.put("deployed", now.workflows());
        body.put("version", now.version());
        body.put("uptimeSeconds", now.uptime().toMillis() / 1000.0);
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    ServerResponse openApi() {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                .body(OpenApiDocument.of(registry.list(), health.get().version(), config));
    }

    static String newCorrelationId() {
        return UUID.randomUUID().toString();
    }

    private static Map<String, Object> summary(Deployment deployment) {
        Map<String, Object> endpoints = new LinkedHashMap<>();
        Map<String, Object> summary = new LinkedHashMap<>();
        for (ChannelType type : deployment.channels()) {
            endpoints.put(type.name().toLowerCase(Locale.ROOT), deployment.endpoints().of(type));
        }
        summary.put("name", deployment.name());
        summary.put("description", deployment.workflow().description());
        summary.put("channels", deployment.channels().stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList());
        summary.put("endpoints", endpoints);
        summary.put("fingerprint", deployment.workflow().fingerprint());
        summary.put("deployedAt", deployment.deployedAt().toString());
        return summary;
    }
}
