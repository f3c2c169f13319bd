package dev.kaizen.nexus.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;

/**
 * Deny by default on the path the server routes: every spelling of every protected route (percent
 * escapes, {@code ;} parameters, doubled slashes, dot segments, trailing slashes) of Kaizen's REST
 * routes, MCP and every Actuator endpoint is refused without a credential, as the request line
 * {@code curl --path-as-is} would send it; only the plainly spelled open paths answer.
 */
class EncodedPathsTest {

    private static final String KEY = "admin-key-0123456789abcdef";

    /** Every route an anonymous caller must not reach, as Spring MVC would route it. */
    private static final List<String> PROTECTED = List.of("/actuator", "/actuator/prometheus", "/actuator/env",
            "/actuator/beans", "/actuator/conditions", "/actuator/mappings", "/actuator/configprops",
            "/actuator/threaddump", "/actuator/loggers", "/actuator/loggers/kaizen.audit", "/actuator/metrics",
            "/api/workflows", "/api/workflows/echo", "/api/workflows/echo/execute", "/api/sessions",
            "/api/sessions/s1", "/api/runs", "/api/metrics", "/api/performance/report", "/api/openapi.json", "/mcp",
            "/internal");

    @SpringBootApplication
    static class App {

        @RestController
        static class Own {

            @GetMapping("/internal")
            Map<String, String> internal() {
                return Map.of("internal", "data");
            }

            @GetMapping("/public/hello")
            Map<String, String> hello() {
                return Map.of("hello", "world");
            }
        }
    }

    private static ConfigurableApplicationContext app;

    private static int port;

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(App.class).web(WebApplicationType.SERVLET)
                .properties("server.port=0", "spring.main.banner-mode=off", "management.endpoints.web.exposure.include=*",
                        "management.endpoint.loggers.access=unrestricted",
                        "kaizen.nexus.security.api-keys.admin={noop}" + KEY,
                        "kaizen.nexus.security.api-key-scopes.admin=kaizen:admin",
                        "kaizen.nexus.security.open-paths=/public/**")
                .run();
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        Deployments.deployMultiChannel(TestAgents.echo("echo", ""), app.getBean(Nexus.class), "echo");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void noSpellingOfAProtectedRouteAnswersWithoutACredential() throws IOException {
        List<String> reached = new ArrayList<>();
        int tried = 0;
        for (String route : PROTECTED) {
            for (String spelling : spellings(route)) {
                for (String method : List.of("GET", "POST")) {
                    int status = status(method, spelling, null);
                    tried++;
                    // 401 (a credential is needed) or 400 (the container refused the spelling).
                    if (status != 401 && status != 400) {
                        reached.add(method + " " + spelling + " -> " + status);
                    }
                }
            }
        }
        assertThat(reached).as("of %d requests", tried).isEmpty();
        assertThat(tried).isGreaterThan(1000);
    }

    @Test
    void anAnonymousCallerCannotChangeALogLevelThroughAnEncodedPath() throws IOException {
        String body = "{\"configuredLevel\":\"TRACE\"}";
        assertThat(status("POST", "/%61ctuator/loggers/kaizen.audit", body)).isEqualTo(401);
        assertThat(status("POST", "/a%63tuator/loggers/kaizen.audit", body)).isEqualTo(401);
        assertThat(org.slf4j.LoggerFactory.getLogger("kaizen.audit").isTraceEnabled()).isFalse();
    }

    @Test
    void theEncodedSpellingsAnswerWithACredentialAsThePlainOne() throws IOException {
        assertThat(statusWithKey("/actuator/prometheus")).isEqualTo(200);
        assertThat(statusWithKey("/%61ctuator/prometheus")).isEqualTo(200);
        assertThat(statusWithKey("/api/workflows")).isEqualTo(200);
    }

    @Test
    void onlyThePlainSpellingOfAnOpenPathIsOpen() throws IOException {
        assertThat(status("GET", "/health", null)).isEqualTo(200);
        assertThat(status("GET", "/actuator/health", null)).isEqualTo(200);
        assertThat(status("GET", "/public/hello", null)).isEqualTo(200);
        assertThat(status("GET", "/.well-known/oauth-protected-resource", null)).isEqualTo(200);
        for (String spelling : List.of("/%68ealth", "/health;x=y", "//health", "/./health", "/public/../internal",
                "/public/%2e%2e/internal", "/public/..;/internal", "/health/../actuator/env",
                "/actuator/health/../env", "/actuator/health/..;/env", "/public/hello/../../actuator/env")) {
            assertThat(status("GET", spelling, null)).as(spelling).isIn(400, 401);
        }
    }

    /** The route as a client could spell it so that the server may still route it there. */
    static Set<String> spellings(String route) {
        Set<String> all = new LinkedHashSet<>();
        String[] segments = route.substring(1).split("/");
        all.add(route);
        all.add(route + "/");
        all.add("/" + route);
        all.add(route.replace("/", "//"));
        all.add("/." + route);
        all.add("/x/.." + route);
        all.add("/x/%2e%2e" + route);
        all.add("/%2e" + route);
        all.add("/health/.." + route);
        all.add("/health/..;" + route);
        all.add("/public/.." + route);
        all.add("/public/..;" + route);
        all.add("/.well-known/oauth-protected-resource/../.." + route);
        for (int i = 0; i < segments.length; i++) {
            all.add(replaceSegment(segments, i, encodeFirst(segments[i], false)));
            all.add(replaceSegment(segments, i, encodeFirst(segments[i], true)));
            all.add(replaceSegment(segments, i, encodeAll(segments[i])));
            all.add(replaceSegment(segments, i, segments[i] + ";x=y"));
            all.add(replaceSegment(segments, i, segments[i] + ";"));
            all.add(replaceSegment(segments, i, segments[i] + "/."));
            all.add(replaceSegment(segments, i, segments[i] + "/x/.."));
            all.add(replaceSegment(segments, i, segments[i] + "/x/%2E%2E"));
        }
        all.add("/" + String.join("/", java.util.Arrays.stream(segments).map(EncodedPathsTest::encodeAll).toList()));
        return all;
    }

    private static String replaceSegment(String[] segments, int index, String replacement) {
        String[] copy = segments.clone();
        copy[index] = replacement;
        return "/" + String.join("/", copy);
    }

    private static String encodeFirst(String segment, boolean upper) {
        String hex = String.format(upper ? "%%%02X" : "%%%02x", (int) segment.charAt(0));
        return hex + segment.substring(1);
    }

    private static String encodeAll(String segment) {
        StringBuilder encoded = new StringBuilder();
        for (char c : segment.toCharArray()) {
            encoded.append(String.format("%%%02x", (int) c));
        }
        return encoded.toString();
    }

    private static int statusWithKey(String path) throws IOException {
        return send("GET", path, null, "X-API-Key: " + KEY + "\r\n");
    }

    private static int status(String method, String path, String body) throws IOException {
        return send(method, path, body, "");
    }

    /** One request line exactly as given (as {@code curl --path-as-is} sends it); the status answered. */
    private static int send(String method, String path, String body, String headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headers
                    + (body == null ? "" : "Content-Type: application/json\r\n") + "Content-Length: " + content.length
                    + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder statusLine = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                statusLine.append((char) c);
            }
            String[] parts = statusLine.toString().split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        }
    }
}
