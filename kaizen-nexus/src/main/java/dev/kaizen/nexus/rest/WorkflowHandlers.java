package dev.kaizen.nexus.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.kaizen.core.InvalidInputException;
import dev.kaizen.core.KaizenException;
import dev.kaizen.core.RunContext;
import dev.kaizen.core.WorkflowResult;
import dev.kaizen.core.WorkflowTimeoutException;
import dev.kaizen.nexus.ChannelType;
import dev.kaizen.nexus.NexusHealth;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.deploy.DeploymentRegistry;
import tools.jackson.databind.json.JsonMapper;

/** What each REST route does once {@link RestRouter} has chosen it. */
final class WorkflowHandlers {

    /** Carries the id under which a server-side failure was logged. */
    static final String CORRELATION_HEADER = "X-Correlation-Id";

    private static final Logger log = LoggerFactory.getLogger(WorkflowHandlers.class);

    private final DeploymentRegistry registry;

    private final RestConfig config;

    private final JsonMapper json;

    private final Supplier<NexusHealth> health;

    WorkflowHandlers(DeploymentRegistry registry, RestConfig config, JsonMapper json, Supplier<NexusHealth> health) {
        this.registry = registry;
        this.config = config;
        this.json = json;
        this.health = health;
    }

    ServerResponse execute(ServerRequest request, Deployment deployment) {
        ExecuteRequest body = ExecuteRequest.read(request, config.maxRequestBytes(), json);
        RunContext context = RunContext.builder().sessionId(body.sessionId()).build();
        WorkflowResult result = run(deployment, body, context);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("workflow", deployment.name());
        response.put("outputs", result.outputs());
        response.put("sessionId", body.sessionId());
        response.put("executionTimeMs", result.elapsed().toNanos() / 1e6);
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(response);
    }

    private static WorkflowResult run(Deployment deployment, ExecuteRequest body, RunContext context) {
        try {
            return deployment.workflow().execute(body.inputs(), context);
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
