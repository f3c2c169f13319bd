package dev.kaizen.nexus.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.security.Tokens;

/** The library's own start-up block: where the Nexus listens and every deployment's addresses. */
@ExtendWith(OutputCaptureExtension.class)
class StartupLogTest {

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {

        @Bean
        SmartInitializingSingleton deployQa(Nexus nexus) {
            return () -> Deployments.deployMultiChannel(TestAgents.echo("qa", ""), nexus, "qa");
        }
    }

    @Test
    void oneInfoBlockListsEveryDeploymentOnEveryChannel(CapturedOutput output) {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.SERVLET).run("--server.port=0", "--spring.main.banner-mode=off",
                        "--kaizen.nexus.security.api-keys.ops={noop}ops-key-0123456789abcdef")) {
            String base = app.getBean(Nexus.class).baseUri().toString();
            assertThat(output.getOut()).contains("Kaizen Nexus on " + base + ": 1 workflow(s)",
                    "    api: POST " + base + "/api/workflows/qa/execute",
                    "    mcp: tool 'qa' at " + base + "/mcp", "    cli: nexus run qa",
                    "  health " + base + "/health, OpenAPI " + base + "/api/openapi.json; callers need an API key");
            assertThat(output.getOut().split("Kaizen Nexus on ", -1)).hasSize(2);
            for (String address : new String[] { "/api/workflows/qa/execute", "tool 'qa'", "nexus run qa" }) {
                assertThat(output.getOut().split(java.util.regex.Pattern.quote(address), -1))
                        .as("%s listed once", address).hasSize(2);
            }
            assertThat(output.getOut()).doesNotContain("note: these addresses");
        }
    }

    @Test
    void withApiKeysTheCopyableCommandsSendAKeyFromTheEnvironment(CapturedOutput output) {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.SERVLET).run("--server.port=0", "--spring.main.banner-mode=off",
                        "--kaizen.nexus.security.api-keys.ops={noop}ops-key-0123456789abcdef")) {
            String base = app.getBean(Nexus.class).baseUri().toString();
            assertThat(output.getOut()).contains("callers need an API key or a bearer token: curl ... -H \"X-API-Key: "
                    + "$KAIZEN_API_KEY\", the remote shell --url " + base + " --api-key \"$KAIZEN_API_KEY\" nexus ...")
                    .doesNotContain("ops-key-0123456789abcdef");
        }
    }

    @Test
    void withBearerTokensOnlyTheCommandsSendAToken(CapturedOutput output) {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.SERVLET).run("--server.port=0", "--spring.main.banner-mode=off",
                        "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + publicKey())) {
            String base = app.getBean(Nexus.class).baseUri().toString();
            assertThat(output.getOut()).contains("curl ... -H \"Authorization: Bearer $KAIZEN_TOKEN\", the remote shell"
                    + " --url " + base + " --token \"$KAIZEN_TOKEN\" nexus ...");
        }
    }

    /** A key to verify tokens with, under target/. */
    private static Path publicKey() {
        try {
            return new Tokens().writePublicKey(Files.createDirectories(Path.of("target", "startup-log-test")));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void addressesWhoseHostTheHostCheckRefusesAreFlagged(CapturedOutput output) {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.SERVLET).run("--server.port=0", "--spring.main.banner-mode=off",
                        "--kaizen.nexus.security.allowed-hosts=localhost:*,agents.example.com:*")) {
            String authority = app.getBean(Nexus.class).baseUri().getAuthority();
            assertThat(output.getOut()).contains("  note: these addresses use Host '" + authority + "', which "
                    + "kaizen.nexus.security.allowed-hosts does not list (localhost:*, agents.example.com:*): callers "
                    + "must use a name it lists");
        }
    }
}
