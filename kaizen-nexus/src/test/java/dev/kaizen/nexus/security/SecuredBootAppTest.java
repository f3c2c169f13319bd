package dev.kaizen.nexus.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.autoconfigure.NexusSecurityAutoConfiguration;
import dev.kaizen.nexus.rest.RestClient;
import dev.kaizen.nexus.rest.RestClient.Response;

/**
 * Security as a Spring Boot application configures it: API keys and workflow scopes from
 * {@code kaizen.nexus.security.*}, bearer tokens from Spring Boot's own resource-server
 * properties, the application's own routes left to the application, the refusal to listen
 * beyond loopback unprotected, Host and Origin checks on REST, and the audit log.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecuredBootAppTest {

    private static final String KEY = "service-key-0123456789abcdef";

    private static final String OPS_KEY = "ops-key-0123456789abcdef";

    @SpringBootApplication
    static class App {

        @RestController
        static class Own {

            @GetMapping("/hello")
            Map<String, String> hello() {
                return Map.of("hello", "world");
            }

            @GetMapping("/internal")
            Map<String, String> internal() {
                return Map.of("internal", "data");
            }
        }
    }

    /** CORS of the application's own (no stereotype: only the test that names it gets it). */
    static class AppCors {

        @org.springframework.context.annotation.Bean
        org.springframework.web.cors.CorsConfigurationSource corsConfigurationSource() {
            org.springframework.web.cors.CorsConfiguration cors = new org.springframework.web.cors.CorsConfiguration();
            cors.addAllowedOrigin("http://localhost:3000");
            cors.addAllowedMethod("POST");
            cors.addAllowedHeader("*");
            org.springframework.web.cors.UrlBasedCorsConfigurationSource source =
                    new org.springframework.web.cors.UrlBasedCorsConfigurationSource();
            source.registerCorsConfiguration("/**", cors);
            return source;
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        return start(new Class<?>[] { App.class }, properties);
    }

    private static ConfigurableApplicationContext start(Class<?>[] sources, String... properties) {
        // As arguments, so they win over every default (Kaizen's server.address=127.0.0.1 included).
        String[] args = java.util.Arrays.stream(properties).map(property -> "--" + property).toArray(String[]::new);
        return new SpringApplicationBuilder(sources).web(WebApplicationType.SERVLET)
                .properties("server.port=0", "spring.main.banner-mode=off",
                        "management.endpoints.web.exposure.include=health,prometheus")
                .run(args);
    }

    private static RestClient client(ConfigurableApplicationContext app) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return new RestClient(URI.create("http://127.0.0.1:" + port));
    }

    @Test
    void keysScopesAndTokensComeFromPropertiesAndTheAppsOwnRoutesStayItsOwn(@TempDir Path keys, CapturedOutput output)
            throws Exception {
        Tokens tokens = new Tokens();
        Path publicKey = tokens.writePublicKey(keys);
        try (ConfigurableApplicationContext app = start(
                "kaizen.nexus.security.api-keys.billing={sha256}" + ApiKeys.sha256(KEY),
                "kaizen.nexus.security.api-key-scopes.billing=reports",
                "kaizen.nexus.security.api-keys.ops={sha256}" + ApiKeys.sha256(OPS_KEY),
                "kaizen.nexus.security.api-key-scopes.ops=kaizen:admin",
                "kaizen.nexus.security.workflows.reports.scopes=reports",
                "spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + publicKey,
                "spring.security.oauth2.resourceserver.jwt.audiences=" + Tokens.AUDIENCE,
                "kaizen.nexus.security.token-issuer=" + Tokens.ISSUER,
                "kaizen.nexus.security.open-paths=/hello")) {
            Nexus nexus = app.getBean(Nexus.class);
            Deployments.deployMultiChannel(TestAgents.echo("reports", ""), nexus, "reports");
            RestClient anonymous = client(app);

            assertThat(anonymous.execute("reports", Map.of("question", "q")).status()).isEqualTo(401);
            assertThat(anonymous.bearer(KEY).execute("reports", Map.of("question", "q")).status()).isEqualTo(200);
            assertThat(anonymous.bearer(tokens.token("carol", "reports")).execute("reports", Map.of("question", "q"))
                    .status()).isEqualTo(200);
            assertThat(anonymous.bearer(tokens.token("carol", "other")).execute("reports", Map.of("question", "q"))
                    .status()).as("hidden: as if not deployed").isEqualTo(404);
            assertThat(anonymous.bearer(tokens.token("carol", "reports", Tokens.ISSUER, "other", java.time.Duration
                    .ofHours(1))).execute("reports", Map.of("question", "q")).status()).isEqualTo(401);
            // With a public key, the configured issuer is still the only one accepted.
            assertThat(anonymous.bearer(tokens.token("carol", "reports", "https://evil.test", Tokens.AUDIENCE,
                    java.time.Duration.ofHours(1))).execute("reports", Map.of("question", "q")).status()).isEqualTo(401);
            assertThat(anonymous.get("/.well-known/oauth-protected-resource").json().path("resource").asString())
                    .isEqualTo("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort());

            // Deny by default: the application's own route is open only when it lists it; Actuator's
            // metrics are not open, and since they name every workflow, they are for the admin scope only.
            assertThat(anonymous.get("/hello").status()).isEqualTo(200);
            assertThat(anonymous.get("/internal").status()).isEqualTo(401);
            assertThat(anonymous.bearer(KEY).get("/internal").status()).isEqualTo(200);
            assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
            assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(401);
            anonymous.bearer(KEY).execute("reports", Map.of("question", "q"));
            for (String path : new String[] { "/actuator/prometheus", "/actuator" }) {
                Response notAdmin = anonymous.bearer(KEY).get(path);
                assertThat(notAdmin.status()).as(path).isEqualTo(403);
                assertThat(notAdmin.json().path("type").asString()).isEqualTo("urn:kaizen:problem:forbidden");
                assertThat(notAdmin.json().path("detail").asString()).contains("'kaizen:admin'", "billing'");
                assertThat(notAdmin.raw().body()).doesNotContain("workflow=");
            }
            Response scrape = anonymous.bearer(OPS_KEY).get("/actuator/prometheus");
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.raw().body()).contains("workflow=\"reports\"");
            // /health stays open, and names workflows only to a caller who may see them.
            assertThat(anonymous.get("/health").json().has("deployed")).isFalse();
            assertThat(anonymous.bearer(KEY).get("/health").json().path("deployed").toString())
                    .isEqualTo("[\"reports\"]");
            assertThat(output.getOut()).doesNotContain("Using generated security password");

            // The audit line: who, what, where, how it ended; a caller's CR/LF cannot forge a line.
            anonymous.bearer(tokens.token("mallory\r\n2026-12-02 FAKE audit line", "reports"))
                    .execute("reports", Map.of("question", "secret input"));
            String audit = output.getOut().lines().filter(line -> line.contains("kaizen.audit")
                    || line.contains("principal=")).reduce("", (a, b) -> a + b + "\n");
            assertThat(audit).contains("principal=\"key:billing\" workflow=\"reports\" channel=api outcome=success")
                    .contains("principal=\"jwt:carol\" workflow=\"reports\" channel=api outcome=forbidden")
                    .contains("principal=\"jwt:mallory\\r\\n2026-12-02 FAKE audit line\"")
                    .doesNotContain("secret input").doesNotContain(KEY);
            assertThat(output.getOut()).doesNotContainPattern("(?m)^2026-12-02 FAKE audit line");
        }
    }

    @Test
    void corsAnswersOnlyWhenTheApplicationConfiguresIt() {
        try (ConfigurableApplicationContext app = start(new Class<?>[] { App.class, AppCors.class },
                "kaizen.nexus.security.api-keys.web={noop}" + KEY,
                "kaizen.nexus.security.allowed-origins=http://localhost:3000")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            Response preflight = client(app).send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/workflows/echo/execute")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "POST"));
            assertThat(preflight.status()).isEqualTo(200);
            assertThat(preflight.raw().headers().firstValue("Access-Control-Allow-Origin"))
                    .contains("http://localhost:3000");
            Response call = client(app).with("Origin", "http://localhost:3000").execute("echo", Map.of("question", "q"));
            assertThat(call.status()).isEqualTo(401);
            assertThat(call.raw().headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:3000");
        }
    }

    @Test
    void aTokenWhoseIssuerCannotBeReachedIsRefusedPlainlyNotAsAServerError() throws Exception {
        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        try (ConfigurableApplicationContext app = start(
                "spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:" + closed + "/issuer")) {
            Deployments.deployMultiChannel(TestAgents.echo("echo", ""), app.getBean(Nexus.class), "echo");
            Response response = client(app).bearer(new Tokens().token("carol", "")).execute("echo", Map.of("question", "q"));
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.json().path("detail").asString()).contains("could not be verified now");
            dev.kaizen.nexus.NoInternals.assertClean("unreachable issuer", response.raw().body());
        }
    }

    @Test
    void listeningBeyondLoopbackWithoutCredentialsIsRefusedWithWhatToSet(CapturedOutput output) {
        assertThatThrownBy(() -> start("server.address=0.0.0.0").close())
                .hasRootCauseInstanceOf(UnprotectedNetworkException.class);
        assertThat(output.getOut() + output.getErr()).contains("Kaizen Nexus refused to start",
                "kaizen.nexus.security.api-keys.<client>", "kaizen.nexus.security.allow-unauthenticated-network=true");
        try (ConfigurableApplicationContext behindGateway = start("server.address=0.0.0.0",
                "kaizen.nexus.security.allow-unauthenticated-network=true")) {
            assertThat(client(behindGateway).get("/health").status()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext withKeys = start("server.address=0.0.0.0",
                "kaizen.nexus.security.api-keys.ops={noop}" + KEY)) {
            assertThat(client(withKeys).get("/api/workflows").status()).isEqualTo(401);
            assertThat(output.getOut()).contains("API key of client 'ops' is configured in the clear");
        }
    }

    @Test
    void restRefusesForeignHostsAndOriginsAndAnswersNoCorsPreflight() {
        try (ConfigurableApplicationContext app = start()) {
            RestClient client = client(app);
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            for (String path : new String[] { "/api/sessions", "/api/workflows" }) {
                Response rebinding = client.with("Host", "evil.example").get(path);
                assertThat(rebinding.status()).as(path).isEqualTo(421);
                assertThat(rebinding.json().path("detail").asString()).contains("kaizen.nexus.security.allowed-hosts");
                assertThat(client.with("Origin", "http://evil.example").get(path).status()).isEqualTo(403);
                assertThat(client.with("Origin", "http://localhost:" + port).get(path).status()).isEqualTo(200);
            }
            Response preflight = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/workflows")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://localhost:" + port).header("Access-Control-Request-Method", "POST"));
            assertThat(preflight.raw().headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(app.getBean("kaizenSecurityFilterChain")).isNotNull();
            assertThat(NexusSecurityAutoConfiguration.ORDER).isNegative();
        }
    }
}
