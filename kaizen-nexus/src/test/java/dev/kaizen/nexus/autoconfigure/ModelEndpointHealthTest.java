package dev.kaizen.nexus.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.kaizen.nexus.ModelEndpoint;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.rest.RestClient;

/**
 * The model endpoint's reachability, when one is configured: a TCP connection on loopback, cached,
 * in Actuator's health and in the Nexus's own {@code /health}.
 */
class ModelEndpointHealthTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NexusAutoConfiguration.class));

    @Test
    void upWhileTheEndpointAcceptsConnectionsDownOnceItDoesNot() throws Exception {
        int port;
        try (ServerSocket model = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = model.getLocalPort();
            ModelEndpointHealth health = new ModelEndpointHealth(ModelEndpoint.of("http://127.0.0.1:" + port + "/v1"));
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getDetails()).containsEntry("endpoint", "http://127.0.0.1:" + port);
        }
        // The port is closed now: a fresh endpoint (no cached answer) finds it down.
        ModelEndpointHealth closed = new ModelEndpointHealth(ModelEndpoint.of("http://127.0.0.1:" + port + "/v1"));
        assertThat(closed.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(closed.health().getDetails()).containsKey("error").doesNotContainKey("apiKey");
    }

    @Test
    void anAnswerIsReusedWithinTheCheckInterval() throws Exception {
        ModelEndpoint endpoint;
        try (ServerSocket model = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            endpoint = ModelEndpoint.of("http://127.0.0.1:" + model.getLocalPort());
            assertThat(endpoint.check().reachable()).isTrue();
        }
        assertThat(endpoint.check().reachable()).as("still the cached answer").isTrue();
    }

    @Test
    void onlyAConfiguredEndpointIsChecked() {
        runner.run(context -> assertThat(context).doesNotHaveBean("kaizenModelHealthIndicator")
                .doesNotHaveBean(ModelEndpoint.class));
        runner.withPropertyValues("kaizen.model.base-url=http://127.0.0.1:9/v1", "kaizen.model.api-key=secret-key")
                .run(context -> {
                    HealthIndicator model = context.getBean("kaizenModelHealthIndicator", HealthIndicator.class);
                    assertThat(model.health().getStatus()).isEqualTo(Status.DOWN);
                    assertThat(model.health().getDetails().toString()).doesNotContain("secret-key");
                    assertThat(context.getBean(Nexus.class).health().modelReachable()).isFalse();
                });
    }

    @Test
    void theNexusOwnHealthSaysWhetherTheModelCanBeReached() throws Exception {
        try (ServerSocket model = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Nexus up = Nexus.builder().port(0)
                        .modelEndpoint(ModelEndpoint.of("http://127.0.0.1:" + model.getLocalPort() + "/v1")).build();
                Nexus down = Nexus.builder().port(0).modelEndpoint(ModelEndpoint.of("http://127.0.0.1:9/v1")).build();
                Nexus none = Nexus.builder().port(0).build()) {
            up.start();
            down.start();
            none.start();
            assertThat(new RestClient(up.baseUri()).get("/health").json().get("model").asString()).isEqualTo("up");
            assertThat(new RestClient(down.baseUri()).get("/health").json().get("model").asString())
                    .isEqualTo("unreachable");
            assertThat(new RestClient(none.baseUri()).get("/health").json().has("model")).isFalse();
        }
    }

    @Test
    void aBaseUrlThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> ModelEndpoint.of("localhost:11434")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http:// or https://");
    }
}
