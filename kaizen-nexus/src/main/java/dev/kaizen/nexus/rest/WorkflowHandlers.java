package dev.kaizen.nexus.rest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.kaizen.core.FieldError;
import dev.kaizen.nexus.NexusHealth;
import dev.kaizen.nexus.admin.NexusAdmin;
import dev.kaizen.nexus.admin.WorkflowView;
import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.channel.ChannelContext;
import dev.kaizen.nexus.channel.Execution;
import dev.kaizen.nexus.deploy.Deployment;
import tools.jackson.databind.json.JsonMapper;

/** What each REST route does once {@link RestRouter} has chosen it. */
final class WorkflowHandlers {

    /** Carries the id under which a server-side failure was logged. */
    static final String CORRELATION_HEADER = "X-Correlation-Id";

    /** Names the session of a call, in a request or a response. */
    static final String SESSION_HEADER = "X-Session-Id";

    private final ChannelContext context;

    private final NexusAdmin admin;

    private final RestConfig config;

    private final JsonMapper json;

    private final RunHandlers runs;

    WorkflowHandlers(ChannelContext context, RestConfig config, JsonMapper json) {
        this.context = context;
        this.runs = new RunHandlers(context.runs(), this::caller, config);
        this.admin = context.admin();
        this.config = config;
        this.json = json;
    }

    ServerResponse execute(ServerRequest request, Deployment deployment) {
        long received = System.nanoTime();
        ExecuteRequest body = ExecuteRequest.read(request, config.maxRequestBytes(), json);
        String sessionId = sessionIdOf(request, body);
        if (RunHandlers.prefersAsync(request)) {
            return runs.submit(request, deployment, body, sessionId, received);
        }
        if (body.callbackUrl() != null) {
            throw Problem.invalidRequest("a callback is for runs that answer at once", List.of(new FieldError(
                    "callbackUrl", "only with the header Prefer: respond-async")));
        }
        Caller caller = caller(request);
        if (AcceptedAnswer.of(request) == AcceptedAnswer.EVENTS) {
            // Checked before the stream opens, so bad inputs still get their plain 400 problem answer.
            deployment.workflow().agent().signature().validateInputs(body.inputs());
            Duration timeout = deployment.workflow().agent().config().timeout().plusMinutes(1);
            return RunEventStream.serve(listener -> answer(deployment,
                    context.execute(deployment, body.inputs(), sessionId, caller, listener)), config.sseHeartbeat(),
                    timeout, request.requestPath().value());
        }
        Execution execution = context.execute(deployment, body.inputs(), sessionId, caller);
        ServerResponse.BodyBuilder ok = ServerResponse.ok().contentType(MediaType.APPLICATION_JSON);
        if (execution.sessionId() != null) {
            ok.header(SESSION_HEADER, execution.sessionId());
        }
        return ok.body(answer(deployment, execution));
    }

    /** The plain answer's JSON, which a stream's {@code result} event carries too. */
    static Map<String, Object> answer(Deployment deployment, Execution execution) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("workflow", deployment.name());
        response.put("outputs", execution.result().outputs());
        response.put("sessionId", execution.sessionId());
        response.put("executionTimeMs", execution.result().elapsed().toNanos() / 1e6);
        return response;
    }

    /**
     * The session of a call: the body's {@code sessionId} or the {@code X-Session-Id} header (an
     * empty header counts as none). The id itself is checked where sessions are resolved.
     */
    private static @Nullable String sessionIdOf(ServerRequest request, ExecuteRequest body) {
        String header = request.headers().firstHeader(SESSION_HEADER);
        if (header == null || header.isEmpty()) {
            return body.sessionId();
        }
        if (body.sessionId() != null && !body.sessionId().equals(header)) {
            throw Problem.invalidRequest("the body and the header name different sessions",
                    List.of(new FieldError("sessionId", "differs from the " + SESSION_HEADER + " header")));
        }
        return header;
    }

    /** @return the handlers of {@code /api/runs} */
    RunHandlers runs() {
        return runs;
    }

    ServerResponse describe(ServerRequest request, Deployment deployment) {
        WorkflowView view = admin.workflow(deployment.name(), caller(request)).orElseThrow(
                () -> Problem.notFound("no workflow named '" + deployment.name() + "' is deployed"));
        return json(withHref(view, view.detail()));
    }

    ServerResponse list(ServerRequest request) {
        List<Map<String, Object>> workflows = admin.workflows(caller(request)).stream()
                .map(view -> withHref(view, view.summary())).toList();
        return json(Map.of("workflows", workflows));
    }

    /**
     * {@code /health} is open to all, so it names workflows only to a caller who may see them: any
     * caller of a Nexus without credentials, and one that sent a valid credential (it sees those
     * its scopes allow). Every other caller learns only how many are deployed.
     */
    ServerResponse health(ServerRequest request) {
        NexusHealth now = admin.health();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", now.status().name().toLowerCase(Locale.ROOT));
        body.put("workflows", now.workflows().size());
        Caller caller = identified(request);
        if (caller != null) {
            body.put("deployed", now.workflows().stream().filter(name -> admin.mayCall(caller, name)).toList());
        }
        body.put("version", now.version());
        body.put("uptimeSeconds", now.uptime().toMillis() / 1000.0);
        body.put("sessionStore", now.sessionStoreAvailable() ? "up" : "unavailable");
        if (now.modelReachable() != null) {
            body.put("model", now.modelReachable() ? "up" : "unreachable");
        }
        body.put("links", RestPaths.links(config));
        if (now.status() != NexusHealth.Status.RUNNING) {
            // Draining or stopped: a load balancer reading this takes the instance out of rotation.
            return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_JSON)
                    .body(body);
        }
        return json(body);
    }

    ServerResponse openApi(ServerRequest request) {
        return json(OpenApiDocument.of(admin.workflows(caller(request)), admin.health().version(), config,
                admin.authenticationRequired()));
    }

    /** Who sent a request, as the Nexus's filter chain authenticated it. */
    Caller caller(ServerRequest request) {
        return context.caller(request.servletRequest());
    }

    /** Who sent a request to an open route: {@code null} when credentials are required and it sent no valid one. */
    private @Nullable Caller identified(ServerRequest request) {
        try {
            return caller(request);
        }
        catch (CallFailure unauthenticated) {
            return null;
        }
    }

    /** Where a REST client describes a workflow: next to its execute path, under its own prefix. */
    private static Map<String, Object> withHref(WorkflowView view, Map<String, Object> body) {
        String execute = view.endpoints().get(RestPaths.CHANNEL);
        if (execute != null) {
            body.put("href", execute.substring(0, execute.length() - RestPaths.EXECUTE_SUFFIX.length()));
        }
        return body;
    }

    private static ServerResponse json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
