package dev.kaizen.nexus.rest;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.kaizen.nexus.LogSafe;
import dev.kaizen.nexus.StrictJson;
import dev.kaizen.nexus.admin.NexusAdmin;
import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.channel.ChannelContext;
import dev.kaizen.nexus.channel.RequestPaths;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.execution.FailureClassifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routes REST requests to deployed workflows by looking the name up at request time, so routes
 * come and go with deployments without touching Spring MVC's own mappings.
 *
 * <p>Only paths under a prefix in use ({@code /api/workflows} or a deployment's own), plus
 * {@code /api/sessions}, {@code /api/metrics}, {@code /api/performance/report},
 * {@value RestConfig#HEALTH_PATH} and {@value RestConfig#OPENAPI_PATH}, are claimed; every other
 * path falls through to the application's own controllers. Within claimed paths every error is a
 * problem response: a {@link CallFailure} by the failure table ({@link Problem#of(CallFailure)}),
 * anything unexpected classified as an internal error, logged once under a correlation id and
 * never answered with its stack trace. A workflow whose scopes the caller lacks is answered exactly
 * as a name that is not deployed, whatever the method or body ("hidden means hidden").
 *
 * <p>Internal: registered by the auto-configuration.
 */
public final class RestRouter implements RouterFunction<ServerResponse> {

    private final RestChannel channel;

    private final RestConfig config;

    private final WorkflowHandlers handlers;

    private final SessionHandlers sessions;

    private final NexusAdmin admin;

    private final ChannelContext context;

    /**
     * @param channel the REST channel whose deployments are served, attached to its Nexus
     * @param config the REST settings
     * @param json the JSON mapper for request bodies (read strictly: no duplicate keys, nothing
     *     after the value)
     */
    public RestRouter(RestChannel channel, RestConfig config, JsonMapper json) {
        ChannelContext context = channel.context();
        JsonMapper bodies = StrictJson.of(json);
        this.channel = channel;
        this.config = config;
        this.admin = context.admin();
        this.context = context;
        this.handlers = new WorkflowHandlers(context, config, bodies);
        this.sessions = new SessionHandlers(admin, bodies, config.maxRequestBytes(), handlers::caller);
    }

    /**
     * @param path a request path within the application
     * @return whether this router answers it (so the Nexus's filter chain protects it)
     */
    public boolean claims(String path) {
        return path.equals(RestConfig.HEALTH_PATH) || path.equals(RestConfig.OPENAPI_PATH)
                || path.equals(RestPaths.METRICS) || path.equals(RestPaths.REPORT) || path.equals(SessionHandlers.PATH)
                || path.equals(RunHandlers.PATH) || path.startsWith(RunHandlers.PATH + "/")
                || path.startsWith(SessionHandlers.PATH + "/") || path.equals(config.pathPrefix())
                || path.startsWith(config.pathPrefix() + "/") || channel.servesUnder(path);
    }

    @Override
    public Optional<HandlerFunction<ServerResponse>> route(ServerRequest request) {
        // The path the container routed and Kaizen's filters judged: decoded and normalised, so
        // every spelling of a route reaches the same handler under the same checks.
        String path = RequestPaths.normalised(request.servletRequest());
        if (path.equals(RestConfig.HEALTH_PATH)) {
            return handle(HttpMethod.GET, handlers::health);
        }
        if (path.equals(RestConfig.OPENAPI_PATH)) {
            return handle(HttpMethod.GET, handlers::openApi);
        }
        if (path.equals(config.pathPrefix())) {
            return handle(HttpMethod.GET, handlers::list);
        }
        if (path.equals(RestPaths.METRICS)) {
            return handle(HttpMethod.GET, r -> json(admin.metrics().toMap()));
        }
        if (path.equals(RestPaths.REPORT)) {
            return handle(HttpMethod.GET, r -> json(admin.report().toMap()));
        }
        if (path.equals(SessionHandlers.PATH)) {
            return handle(Map.of(HttpMethod.GET, sessions::list, HttpMethod.POST, sessions::create));
        }
        if (path.startsWith(SessionHandlers.PATH + "/")) {
            String id = path.substring(SessionHandlers.PATH.length() + 1);
            return handle(Map.of(HttpMethod.GET, r -> sessions.get(r, id), HttpMethod.DELETE, r -> sessions.delete(r, id)));
        }
        if (path.equals(RunHandlers.PATH)) {
            return handle(HttpMethod.GET, handlers.runs()::list);
        }
        if (path.startsWith(RunHandlers.PATH + "/")) {
            String rest = path.substring(RunHandlers.PATH.length() + 1);
            if (rest.endsWith(RunHandlers.EVENTS_SUFFIX)) {
                String id = rest.substring(0, rest.length() - RunHandlers.EVENTS_SUFFIX.length());
                return handle(HttpMethod.GET, r -> handlers.runs().events(r, id));
            }
            return handle(Map.of(HttpMethod.GET, r -> handlers.runs().get(r, rest), HttpMethod.DELETE,
                    r -> handlers.runs().cancel(r, rest)));
        }
        boolean execute = path.endsWith(RestPaths.EXECUTE_SUFFIX);
        String resource = execute ? path.substring(0, path.length() - RestPaths.EXECUTE_SUFFIX.length()) : path;
        int slash = resource.lastIndexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String prefix = resource.substring(0, slash);
        String name = resource.substring(slash + 1);
        Deployment deployment = channel.lookup(name);
        boolean served = deployment != null && deployment.restPathPrefix().equals(prefix);
        if (!served) {
            if (!path.startsWith(config.pathPrefix() + "/") && !channel.servesUnder(path)) {
                return Optional.empty();
            }
            // Anything under a workflow prefix is the Nexus's to answer, a stray trailing '/' included.
            String detail = name.isEmpty() || !prefix.equals(config.pathPrefix()) && !channel.servesPrefix(prefix)
                    ? "nothing is served at " + LogSafe.escape(path) + "; workflows are at <prefix>/<name> and "
                            + "<prefix>/<name>/execute"
                    : notDeployed(name);
            return Optional.of(guarded(r -> {
                throw Problem.notFound(detail);
            }));
        }
        HandlerFunction<ServerResponse> dispatch = execute
                ? byMethod(Map.of(HttpMethod.POST, r -> handlers.execute(r, deployment)))
                : byMethod(Map.of(HttpMethod.GET, r -> handlers.describe(r, deployment)));
        return Optional.of(guarded(call -> {
            // A workflow hidden from the caller answers exactly as one not deployed, whatever the method.
            Caller caller = handlers.caller(call);
            if (!admin.mayCall(caller, name)) {
                if (execute && HttpMethod.POST.equals(call.method())) {
                    context.hiddenCallRefused(caller, name);
                }
                throw Problem.notFound(notDeployed(name));
            }
            return dispatch.handle(call);
        }));
    }

    /** What a name that is not deployed on REST is answered with; a hidden workflow's answer too. */
    private static String notDeployed(String name) {
        return "no workflow named '" + LogSafe.escape(name) + "' is deployed on REST";
    }

    private static ServerResponse json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static Optional<HandlerFunction<ServerResponse>> handle(HttpMethod allowed,
            HandlerFunction<ServerResponse> handler) {
        return handle(Map.of(allowed, handler));
    }

    private static Optional<HandlerFunction<ServerResponse>> handle(
            Map<HttpMethod, HandlerFunction<ServerResponse>> byMethod) {
        return Optional.of(guarded(byMethod(byMethod)));
    }

    /** Dispatches on the method, answering 405 with {@code Allow} for another. */
    private static HandlerFunction<ServerResponse> byMethod(Map<HttpMethod, HandlerFunction<ServerResponse>> byMethod) {
        return request -> {
            HandlerFunction<ServerResponse> handler = byMethod.get(request.method());
            if (handler == null && HttpMethod.HEAD.equals(request.method())) {
                handler = byMethod.get(HttpMethod.GET); // the server sends the headers only
            }
            if (handler == null) {
                String allowed = byMethod.keySet().stream().map(HttpMethod::name).sorted()
                        .collect(Collectors.joining(", "));
                throw Problem.methodNotAllowed(request.method().name(), allowed);
            }
            return handler.handle(request);
        };
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
            catch (Exception failure) {
                return Problem.of(FailureClassifier.classify(failure, request.method() + " " + instance))
                        .toResponse(instance);
            }
        };
    }
}
