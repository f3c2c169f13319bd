package dev.kaizen.nexus.shell;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.CommandCredential;
import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.channel.RunHandle;
import dev.kaizen.nexus.channel.RunListener;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything the remote shell knows about a Nexus's REST channel: its paths (found through the
 * links {@code /health} gives, so a Nexus under any path prefix works), its bodies, and its
 * problems, which become {@link ShellFailure}s with the exit code of their failure kind.
 */
final class NexusRestClient implements AutoCloseable {

    /** Where a Nexus keeps its runs that answer at once. */
    private static final String RUNS = "/api/runs";

    private static final String HEALTH = "/health";

    private static final Map<String, String> DEFAULT_LINKS = Map.of("workflows", "/api/workflows",
            "sessions", "/api/sessions", "metrics", "/api/metrics", "report", "/api/performance/report");

    private static final String PROBLEM_TYPE_PREFIX = "urn:kaizen:problem:";

    private final URI base;

    private final JsonMapper json;

    private final HttpClient http;

    private volatile @Nullable Map<String, String> links;

    private final @Nullable String credential;

    /**
     * @param base the Nexus's address
     * @param json reads and writes the bodies
     * @param credential an API key or bearer token sent with every request, or {@code null}
     */
    NexusRestClient(URI base, JsonMapper json, @Nullable String credential) {
        this.credential = credential;
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.json = json;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (this.base.getScheme().equalsIgnoreCase("http")) {
            // Plain HTTP never uses TLS: an idle context spares loading the JDK's trust store,
            // a tenth of a remote command's start-up.
            builder.sslContext(PlainHttp.CONTEXT);
        }
        this.http = builder.build();
    }

    /** Stops the client's selector thread, which would otherwise hold the JVM's exit back. */
    @Override
    public void close() {
        http.shutdownNow();
    }

    /** The summaries of every workflow, each with its {@code href} and {@code endpoints}. */
    List<JsonNode> workflows() {
        List<JsonNode> all = new ArrayList<>();
        expectOk(get(link("workflows"))).path("workflows").forEach(all::add);
        return all;
    }

    /**
     * A workflow's description with its schemas: first where most are (beside the listing at its
     * default path, one request, before the links are even read), then beside the listing the
     * Nexus's links name, then by name in the listing (a deployment under a path prefix of its own).
     */
    Optional<JsonNode> workflow(String name) {
        String segment = "/" + encoded(name);
        String guessed = null;
        if (links == null) {
            guessed = DEFAULT_LINKS.get("workflows") + segment;
            try {
                Response answer = get(guessed);
                if (answer.status() / 100 == 2 && answer.body().has("inputSchema")) {
                    return Optional.of(answer.body());
                }
            }
            catch (ShellFailure notThere) {
                // Something else answers the default path (an HTML page, say): the links will tell.
            }
        }
        String beside = link("workflows") + segment;
        if (!beside.equals(guessed)) { // asked already when the links name the default path
            Response answer = get(beside);
            if (answer.status() != 404) {
                return Optional.of(expectOk(answer));
            }
        }
        return workflows().stream().filter(summary -> summary.path("name").asString("").equals(name)).findFirst()
                .map(this::detail);
    }

    /** The description with schemas of a workflow in the listing, read at its {@code href}. */
    JsonNode detail(JsonNode summary) {
        String href = summary.path("href").asString(null);
        return href == null ? summary : expectOk(get(href));
    }

    /**
     * Runs a workflow at its execute path, asking for its events (Server-Sent Events) so that the
     * listener hears its progress and tokens; answers the outputs. A server that answers with
     * plain JSON instead is read as such.
     */
    JsonNode execute(String executePath, Map<String, Object> inputs, @Nullable String sessionId,
            RunListener listener) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(executePath)).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream, application/json").POST(executeBody(inputs, sessionId));
        HttpResponse<Stream<String>> response = exchange(request, HttpResponse.BodyHandlers.ofLines());
        boolean events = response.statusCode() == 200 && response.headers().firstValue("Content-Type")
                .filter(type -> type.startsWith("text/event-stream")).isPresent();
        try (Stream<String> lines = response.body()) {
            if (!events) {
                String text = String.join("\n", lines.toList());
                return expectOk(new Response(response.statusCode(), text.isBlank() ? json.createObjectNode()
                        : parse(text), response.headers().firstValue("Retry-After").orElse(null))).path("outputs");
            }
            // Ctrl-C hangs up: the Nexus cancels a run whose caller has gone.
            return outputsOf(lines, listener, () -> { });
        }
    }

    /** Accepts a run that answers at once ({@code Prefer: respond-async}); answers the 202's body. */
    JsonNode submit(String executePath, Map<String, Object> inputs, @Nullable String sessionId) {
        return expectOk(send(HttpRequest.newBuilder(uri(executePath)).header("Content-Type", "application/json")
                .header("Prefer", "respond-async").POST(executeBody(inputs, sessionId))));
    }

    /** A run, as {@code GET /api/runs/{id}} answers. */
    JsonNode run(String runId) {
        return expectOk(get(RUNS + "/" + encoded(runId)));
    }

    /** Cancels a run; answers the run after the cancel. */
    JsonNode cancel(String runId) {
        return expectOk(send(HttpRequest.newBuilder(uri(RUNS + "/" + encoded(runId))).DELETE()));
    }

    /** Follows a run's events from the first, telling the listener of progress and tokens; answers its outputs. */
    JsonNode watch(String runId, RunListener listener) {
        HttpResponse<Stream<String>> response = exchange(HttpRequest.newBuilder(uri(RUNS + "/" + encoded(runId)
                + "/events")).header("Accept", "text/event-stream").GET(), HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                String text = String.join("\n", lines.toList());
                return expectOk(new Response(response.statusCode(), text.isBlank() ? json.createObjectNode()
                        : parse(text), null));
            }
            // Following does not own the run: Ctrl-C cancels it on the Nexus, then hangs up.
            return outputsOf(lines, listener, () -> cancel(runId));
        }
    }

    /** A path segment: form encoding, but a blank as {@code %20} ({@code +} is a plus in a path). */
    private static String encoded(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.BodyPublisher executeBody(Map<String, Object> inputs, @Nullable String sessionId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("inputs", inputs);
        if (sessionId != null) {
            body.put("sessionId", sessionId);
        }
        return HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
    }

    /**
     * Reads a run's events, telling the listener of progress and tokens, up to its result or error.
     * The listener gets a handle that cancels the run (Ctrl-C in the shell): {@code cancel} runs,
     * then the stream is closed, and the run ends as cancelled.
     */
    private JsonNode outputsOf(Stream<String> events, RunListener listener, Runnable cancel) {
        AtomicBoolean cancelled = new AtomicBoolean();
        listener.started(new RunHandle("remote", null, () -> {
            if (cancelled.compareAndSet(false, true)) {
                try {
                    cancel.run();
                }
                catch (ShellFailure alreadyEnded) {
                    // the run ended meanwhile, or the Nexus is gone: hanging up is all that is left
                }
                events.close();
            }
        }));
        try {
            return readEvents(events.iterator(), listener);
        }
        catch (RuntimeException closed) {
            if (cancelled.get()) {
                throw ShellFailure.of(FailureKind.CANCELLED, "cancelled");
            }
            throw closed;
        }
    }

    private JsonNode readEvents(Iterator<String> lines, RunListener listener) {
        String event = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("event:")) {
                event = line.substring(6).strip();
                continue;
            }
            if (!line.startsWith("data:") || event == null) {
                continue;
            }
            JsonNode data = parse(line.substring(5).strip());
            switch (event) {
                case "progress" -> listener.progress(data.path("message").asString(""),
                        data.has("fraction") ? data.path("fraction").asDouble() : null);
                case "token" -> listener.token(data.path("text").asString(""));
                case "result" -> {
                    return data.path("outputs");
                }
                case "error" -> expectOk(new Response(data.path("status").asInt(500), data, null));
                default -> {
                    // started, or an event a newer Nexus sends: nothing to show
                }
            }
            event = null;
        }
        throw ShellFailure.failed("the Nexus at " + base + " ended the run's stream without a result");
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        }
        catch (JacksonException e) {
            throw ShellFailure.failed("the server at " + base + " did not answer with JSON; is it a Kaizen Nexus?");
        }
    }

    JsonNode sessions() {
        return expectOk(get(link("sessions")));
    }

    JsonNode session(String id) {
        return expectOk(get(link("sessions") + "/" + encoded(id)));
    }

    JsonNode metrics() {
        return expectOk(get(link("metrics")));
    }

    JsonNode report() {
        return expectOk(get(link("report")));
    }

    private String link(String name) {
        Map<String, String> known = links;
        if (known == null) {
            Response health = get(HEALTH);
            Map<String, String> found = new LinkedHashMap<>(DEFAULT_LINKS);
            if (health.status() == 200) {
                health.body().path("links").properties().forEach(link -> found.put(link.getKey(),
                        link.getValue().asString()));
            }
            known = found;
            links = known;
        }
        return known.get(name);
    }

    private record Response(int status, JsonNode body, @Nullable String retryAfter) {
    }

    private URI uri(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    private Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private Response send(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isBlank() ? json.createObjectNode() : parse(response.body());
        return new Response(response.statusCode(), body, response.headers().firstValue("Retry-After").orElse(null));
    }

    /** Sends a request with the credential; a connection failure is the shell's one error line. */
    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        try {
            return http.send(request.timeout(Duration.ofMinutes(5)).build(), handler);
        }
        catch (ConnectException e) {
            throw ShellFailure.failed("cannot reach the Nexus at " + base + ": connection refused");
        }
        catch (IOException e) {
            throw ShellFailure.failed("cannot reach the Nexus at " + base + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ShellFailure.failed("interrupted");
        }
    }

    /** A 2xx body, or the problem as the shell reports its kind. */
    private JsonNode expectOk(Response response) {
        if (response.status() / 100 == 2) {
            return response.body();
        }
        String detail = response.body().path("detail").asString(null);
        String type = response.body().path("type").asString("");
        FailureKind kind = type.startsWith(PROBLEM_TYPE_PREFIX)
                ? FailureKind.ofSlug(type.substring(PROBLEM_TYPE_PREFIX.length())).orElse(FailureKind.INTERNAL)
                : response.status() == 401 ? FailureKind.UNAUTHENTICATED
                : response.status() == 404 ? FailureKind.NOT_FOUND
                : response.status() / 100 == 4 ? FailureKind.INVALID_REQUEST : FailureKind.INTERNAL;
        String message = kind == FailureKind.UNAUTHENTICATED ? unauthenticated(detail)
                : (detail == null ? "HTTP " + response.status() + " from " + base : detail)
                        + (response.retryAfter() == null ? "" : "; try again in " + response.retryAfter() + " s");
        throw ShellFailure.of(kind, message);
    }

    /**
     * A refusal for want of credentials, said in the shell's terms: the options and environment
     * variables that send one, where the server's own message names HTTP headers.
     */
    private String unauthenticated(@Nullable String detail) {
        if (credential == null) {
            return "this Nexus requires credentials: give " + CommandCredential.API_KEY_OPTION + " <key> or "
                    + CommandCredential.TOKEN_OPTION + " <jwt> with --url, or set "
                    + CommandCredential.API_KEY_VARIABLE + " or " + CommandCredential.TOKEN_VARIABLE;
        }
        return (detail == null ? "the credential was refused" : detail) + ": check the key or token given with "
                + CommandCredential.API_KEY_OPTION + ", " + CommandCredential.TOKEN_OPTION + ", "
                + CommandCredential.API_KEY_VARIABLE + " or " + CommandCredential.TOKEN_VARIABLE;
    }
}
