package dev.kaizen.nexus.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** The model endpoint's reachability, when one is configured: a TCP connection on loopback, cached. */
class ModelEndpointHealthTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NexusAutoConfiguration.class));

    @Test
    void upWhileTheEndpointAcceptsConnectionsDownOnceItDoesNot() throws Exception {
        int port;
        try (ServerSocket model = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = model.getLocalPort();
            ModelEndpointHealth health = new ModelEndpointHealth("http://127.0.0.1:" + port + "/v1");
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getDetails()).containsEntry("endpoint", "http://127.0.0.1:" + port);
        }
        // The port is closed now: a fresh indicator (no cached answer) finds it down.
        ModelEndpointHealth closed = new ModelEndpointHealth("http://127.0.0.1:" + port + "/v1");
        assertThat(closed.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(closed.health().getDetails()).containsKey("error").doesNotContainKey("apiKey");
    }

    @Test
    void onlyAConfiguredEndpointIsChecked() {
        runner.run(context -> assertThat(context).doesNotHaveBean("kaizenModelHealthIndicator"));
        runner.withPropertyValues("kaizen.model.base-url=http://127.0.0.1:9/v1", "kaizen.model.api-key=secret-key")
                .run(context -> {
                    HealthIndicator model = context.getBean("kaizenModelHealthIndicator", HealthIndicator.class);
                    assertThat(model.health().getStatus()).isEqualTo(Status.DOWN);
                    assertThat(model.health().getDetails().toString()).doesNotContain("secret-key");
                });
    }
}
