package dev.kaizen.nexus.rest;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.kaizen.core.FieldError;
import dev.kaizen.nexus.LogSafe;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.channel.Execution;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.runs.AsyncRuns;
import dev.kaizen.nexus.runs.RunRecord;

/**
 * The runs that answer at once, over REST: {@code POST .../execute} with
 * {@code Prefer: respond-async} (RFC 7240) answers {@code 202 Accepted} with the run's address;
 * {@code GET /api/runs/{id}} reads it, {@code GET /api/runs/{id}/events} streams its events from
 * the start, {@code DELETE /api/runs/{id}} cancels it, {@code GET /api/runs?sessionId=} lists a
 * session's runs.
 */
final class RunHandlers {

    /** Where runs are. */
    static final String PATH = "/api/runs";

    static final String EVENTS_SUFFIX = "/events";

    /** How long an events stream may stay open at most; a client reconnects for more. */
    private static final Duration FOLLOW_LIMIT = Duration.ofHours(1);

    private final AsyncRuns runs;

    private final Function<ServerRequest, Caller> callers;

    private final RestConfig config;

    /** A run's end as REST writes it: the plain answer's JSON, or its problem document. */
    static final AsyncRuns.Documents DOCUMENTS = new AsyncRuns.Documents() {

        @Override
        public Map<String, Object> answer(Deployment deployment, Execution execution) {
            return WorkflowHandlers.answer(deployment, execution);
        }

        @Override
        public Map<String, Object> problem(dev.kaizen.nexus.channel.CallFailure failure, String runId) {
            return Problem.of(failure).body(PATH + "/" + runId);
        }
    };

    RunHandlers(AsyncRuns runs, Function<ServerRequest, Caller> callers, RestConfig config) {
        this.runs = runs;
        this.callers = callers;
        this.config = config;
    }

    /** {@code Prefer: respond-async}, among the request's preferences. */
    static boolean prefersAsync(ServerRequest request) {
        return request.headers().header("Prefer").stream()
                .flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(preference -> preference.split(";", 2)[0].strip())
                .anyMatch("respond-async"::equalsIgnoreCase);
    }

    /** Accepts the run and answers 202 with where to find it. */
    ServerResponse submit(ServerRequest request, Deployment deployment, ExecuteRequest body,
            @org.jspecify.annotations.Nullable String sessionId, long receivedNanos) {
        RunRecord run = runs.submit(deployment, body.inputs(), sessionId, callers.apply(request),
                dev.kaizen.nexus.channel.ChannelId.API, receivedNanos, DOCUMENTS, body.callbackUrl());
        return ServerResponse.status(HttpStatus.ACCEPTED).location(URI.create(PATH + "/" + run.runId()))
                .header("Preference-Applied", "respond-async").contentType(MediaType.APPLICATION_JSON)
                .body(withLinks(run));
    }

    /** @return the run as the API shows it, with its links */
    static Map<String, Object> withLinks(RunRecord run) {
        Map<String, Object> body = new LinkedHashMap<>(run.toMap());
        body.put("links", Map.of("self", PATH + "/" + run.runId(), "events", PATH + "/" + run.runId() + EVENTS_SUFFIX));
        return body;
    }

    ServerResponse get(ServerRequest request, String runId) {
        return json(withLinks(find(request, runId)));
    }

    ServerResponse cancel(ServerRequest request, String runId) {
        RunRecord run = runs.cancel(runId, callers.apply(request)).orElseThrow(() -> unknown(runId));
        return json(withLinks(run));
    }

    ServerResponse list(ServerRequest request) {
        String sessionId = request.param("sessionId").filter(id -> !id.isBlank()).orElseThrow(() -> Problem
                .invalidRequest("say whose runs to list", List.of(new FieldError("sessionId",
                        "required query parameter, not blank"))));
        List<Map<String, Object>> listed = runs.bySession(sessionId, callers.apply(request)).stream()
                .map(RunHandlers::withLinks).toList();
        return json(Map.of("sessionId", sessionId, "runs", listed));
    }

    /** The run's events as Server-Sent Events, from its first on, until its last. */
    ServerResponse events(ServerRequest request, String runId) {
        find(request, runId);
        return SafeSse.open(FOLLOW_LIMIT, () -> { }, sse -> Thread.ofVirtual().name("kaizen-run-follower")
                .start(() -> follow(sse, runId)));
    }

    private void follow(SafeSse sse, String runId) {
        var beats = sse.heartbeats(config.sseHeartbeat());
        try {
            runs.follow(runId, event -> {
                sse.send(event.name(), event.data());
                return !sse.closed();
            });
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finally {
            beats.cancel(false);
            sse.complete();
        }
    }

    private RunRecord find(ServerRequest request, String runId) {
        return runs.find(runId, callers.apply(request)).orElseThrow(() -> unknown(runId));
    }

    private static Problem unknown(String runId) {
        return Problem.notFound("no run with id '" + LogSafe.escape(runId) + "' is kept: /api/runs keeps the runs "
                + "started with 'Prefer: respond-async' (until kaizen.nexus.runs.retention after their last change), "
                + "not those of plain or streamed calls");
    }

    private static ServerResponse json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
