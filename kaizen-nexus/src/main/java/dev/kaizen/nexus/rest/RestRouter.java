package dev.kaizen.nexus.rest;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.kaizen.nexus.NexusHealth;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.deploy.DeploymentRegistry;
import dev.kaizen.nexus.execution.WorkflowExecutor;
import dev.kaizen.nexus.metrics.PerformanceMetrics;
import dev.kaizen.nexus.metrics.PerformanceTargets;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routes REST requests to deployed workflows by looking the name up at request time, so routes
 * come and go with deployments without touching Spring MVC's own mappings.
 *
 * <p>Only paths under a prefix in use ({@code /api/workflows} or a deployment's own), plus
 * {@code /api/sessions}, {@code /api/metrics}, {@code /api/performance/report},
 * {@value RestConfig#HEALTH_PATH} and {@value RestConfig#OPENAPI_PATH}, are claimed; every other
 * path falls through to the application's own controllers. Within claimed paths every error is a
 * problem response; an unexpected exception is logged under a correlation id and answered with
 * 500, never with its stack trace.
 */
public final class RestRouter implements RouterFunction<ServerResponse> {

    private static final Logger log = LoggerFactory.getLogger(RestRouter.class);

    private static final String EXECUTE_SUFFIX = "/execute";

    private final RestChannel channel;

    private final RestConfig config;

    private final WorkflowHandlers handlers;

    private final SessionHandlers sessions;

    private final PerformanceMetrics metrics;

    private final PerformanceTargets targets;

    /** The summary of every operation's timings. */
    public static final String METRICS_PATH = "/api/metrics";

    /** The timings judged against the targets. */
    public static final String REPORT_PATH = "/api/performance/report";

    /**
     * @param registry the deployments to list
     * @param channel the REST channel whose deployments are served
     * @param config the REST settings
     * @param json the JSON mapper for request bodies
     * @param health the Nexus's health, for {@value RestConfig#HEALTH_PATH}
     * @param executor runs workflows, sessions included
     * @param targets what {@value #REPORT_PATH} judges the timings against
     */
    public RestRouter(DeploymentRegistry registry, RestChannel channel, RestConfig config, JsonMapper json,
            Supplier<NexusHealth> health, WorkflowExecutor executor, PerformanceTargets targets) {
        this.channel = channel;
        this.config = config;
        this.handlers = new WorkflowHandlers(registry, config, json, health, executor);
        this.sessions = new SessionHandlers(executor.sessions(), json);
        this.metrics = executor.metrics();
        this.targets = targets;
    }

    @Override
    public Optional<HandlerFunction<ServerResponse>> route(ServerRequest request) {
        String path = request.requestPath().pathWithinApplication().value();
        if (path.equals(RestConfig.HEALTH_PATH)) {
            return handle(HttpMethod.GET, r -> handlers.health());
        }
        if (path.equals(RestConfig.OPENAPI_PATH)) {
            return handle(HttpMethod.GET, r -> handlers.openApi());
        }
        if (path.equals(config.pathPrefix())) {
            return handle(HttpMethod.GET, r -> handlers.list());
        }
        if (path.equals(METRICS_PATH)) {
            return handle(HttpMethod.GET, r -> json(metrics.summary().toMap()));
        }
        if (path.equals(REPORT_PATH)) {
            return handle(HttpMethod.GET, r -> json(metrics.evaluate(targets).toMap()));
        }
        if (path.equals(SessionHandlers.PATH)) {
            return handle(Map.of(HttpMethod.GET, r -> sessions.list(), HttpMethod.POST, sessions::create));
        }
        if (path.startsWith(SessionHandlers.PATH + "/")) {
            String id = path.substring(SessionHandlers.PATH.length() + 1);
            return handle(Map.of(HttpMethod.GET, r -> sessions.get(id), HttpMethod.DELETE, r -> sessions.delete(id)));
        }
        boolean execute = path.endsWith(EXECUTE_SUFFIX);
        String resource = execute ? path.substring(0, path.length() - EXECUTE_SUFFIX.length()) : path;
        int slash = resource.lastIndexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String prefix = resource.substring(0, slash);
        String name = resource.substring(slash + 1);
        Deployment deployment = channel.lookup(name);
        boolean served = deployment != null && deployment.restPathPrefix().equals(prefix);
        if (!served) {
            if (!prefix.equals(config.pathPrefix()) && !channel.servesPrefix(prefix)) {
                return Optional.empty();
            }
            return Optional.of(guarded(r -> {
                throw Problem.notFound("no workflow named '" + name + "' is deployed on REST");
            }));
        }
        return execute ? handle(HttpMethod.POST, r -> handlers.execute(r, deployment))
                : handle(HttpMethod.GET, r -> handlers.describe(deployment));
    }

    private static ServerResponse json(Object body) {
        return ServerResponse.ok().contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(body);
    }

    private static Optional<HandlerFunction<ServerResponse>> handle(HttpMethod allowed,
            HandlerFunction<ServerResponse> handler) {
        return handle(Map.of(allowed, handler));
    }

    private static Optional<HandlerFunction<ServerResponse>> handle(
            Map<HttpMethod, HandlerFunction<ServerResponse>> byMethod) {
        return Optional.of(guarded(request -> {
            HandlerFunction<ServerResponse> handler = byMethod.get(request.method());
            if (handler == null) {
                String allowed = byMethod.keySet().stream().map(HttpMethod::name).sorted()
                        .collect(java.util.stream.Collectors.joining(", "));
                throw Problem.methodNotAllowed(request.method().name(), allowed);
            }
            return handler.handle(request);
        }));
    }

    private static HandlerFunction<ServerResponse> guarded(HandlerFunction<ServerResponse> handler) {
        return request -> {
            String instance = request.requestPath().value();
            try {
                return handler.handle(request);
            }
            catch (Problem problem) {
                return problem.toResponse(instance);
            }
            catch (Exception unexpected) {
                String id = WorkflowHandlers.newCorrelationId();
                log.error("[{}] {} {} failed", id, request.method(), instance, unexpected);
                return Problem.serverSide(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                        "the server failed to handle the request; quote correlation id " + id, id)
                        .toResponse(instance);
            }
        };
    }
}
