package dev.kaizen.nexus.runs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What is known of one accepted run: who and what, where it is, and, once it has ended, its
 * outputs or its problem. Immutable; a store keeps the latest.
 *
 * @param runId the run's id
 * @param workflow the workflow it runs
 * @param sessionId its session, or {@code null}
 * @param owner the principal that started it ({@code ""} for an anonymous caller)
 * @param status where it is
 * @param acceptedAt when it was accepted
 * @param timeToAckMs from the request's arrival to the run being recorded as accepted
 * @param queueMs how long it waited for its turn, once it started
 * @param runMs how long it ran, once it ended
 * @param outputs the answer (the same JSON as a plain call's), once it succeeded
 * @param problem the problem document, once it failed or was cancelled
 * @param callbackUrl where its end is delivered, or {@code null}
 * @param deliveries the attempts to deliver its end so far
 */
public record RunRecord(String runId, String workflow, @Nullable String sessionId, String owner, RunStatus status,
        Instant acceptedAt, double timeToAckMs, @Nullable Double queueMs, @Nullable Double runMs,
        @Nullable Map<String, Object> outputs, @Nullable Map<String, Object> problem, @Nullable String callbackUrl,
        List<Delivery> deliveries) {

    /**
     * One attempt to deliver a run's end to its {@code callbackUrl}.
     *
     * @param attempt 1 for the first
     * @param at when it was made
     * @param status the receiver's HTTP status, or {@code null} if none came
     * @param error why no 2xx came, or {@code null} when it was delivered
     */
    public record Delivery(int attempt, Instant at, @Nullable Integer status, @Nullable String error) {

        /** @return whether the receiver took it (2xx) */
        public boolean delivered() {
            return error == null;
        }

        /** @return the attempt as REST shows it, and as a shared store keeps it */
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("attempt", attempt);
            map.put("at", at.toString());
            map.put("status", status);
            map.put("error", error);
            return map;
        }
    }

    public RunRecord {
        deliveries = List.copyOf(deliveries);
    }

    /** @return a run just accepted */
    public static RunRecord queued(String runId, String workflow, @Nullable String sessionId, String owner,
            Instant acceptedAt, double timeToAckMs, @Nullable String callbackUrl) {
        return new RunRecord(runId, workflow, sessionId, owner, RunStatus.QUEUED, acceptedAt, timeToAckMs, null, null,
                null, null, callbackUrl, List.of());
    }

    /** @return this run, running after waiting {@code queueMs} */
    public RunRecord running(double queueMs) {
        return new RunRecord(runId, workflow, sessionId, owner, RunStatus.RUNNING, acceptedAt, timeToAckMs, queueMs,
                null, null, null, callbackUrl, deliveries);
    }

    /** @return this run, ended with an answer */
    public RunRecord succeeded(Map<String, Object> answer, double runMs) {
        return new RunRecord(runId, workflow, sessionId, owner, RunStatus.SUCCEEDED, acceptedAt, timeToAckMs, queueMs,
                runMs, answer, null, callbackUrl, deliveries);
    }

    /** @return this run, ended with a problem */
    public RunRecord ended(RunStatus status, Map<String, Object> problem, @Nullable Double runMs) {
        return new RunRecord(runId, workflow, sessionId, owner, status, acceptedAt, timeToAckMs, queueMs, runMs, null,
                problem, callbackUrl, deliveries);
    }

    /** @return this run with one more delivery attempt */
    public RunRecord delivered(Delivery delivery) {
        List<Delivery> more = new ArrayList<>(deliveries);
        more.add(delivery);
        return new RunRecord(runId, workflow, sessionId, owner, status, acceptedAt, timeToAckMs, queueMs, runMs,
                outputs, problem, callbackUrl, more);
    }

    /** @return the run as the API shows it (the owner is left out) */
    public Map<String, Object> toMap() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", runId);
        body.put("workflow", workflow);
        body.put("sessionId", sessionId);
        body.put("status", status.slug());
        body.put("acceptedAt", acceptedAt.toString());
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("timeToAckMs", timeToAckMs);
        timings.put("queueMs", queueMs);
        timings.put("runMs", runMs);
        body.put("timings", timings);
        if (outputs != null) {
            body.put("result", outputs);
        }
        if (problem != null) {
            body.put("problem", problem);
        }
        if (callbackUrl != null) {
            body.put("callbackUrl", callbackUrl);
            body.put("deliveries", deliveries.stream().map(Delivery::toMap).toList());
        }
        return body;
    }
}
