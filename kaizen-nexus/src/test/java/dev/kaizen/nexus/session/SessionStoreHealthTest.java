package dev.kaizen.nexus.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.rest.RestClient;

/**
 * Actuator's health and {@code /health} follow the session store: a frozen Redis turns the
 * {@code kaizenSessionStore} indicator DOWN without any session call having failed first, and it
 * comes back UP by itself.
 */
class SessionStoreHealthTest {

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void healthFollowsTheStoreWithoutWaitingForACallToFail() throws Exception {
        try (RedisServer redis = RedisServer.start();
                ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class)
                        .web(WebApplicationType.SERVLET).run("--server.port=0", "--spring.main.banner-mode=off",
                                "--kaizen.nexus.sessions.store=redis", "--kaizen.nexus.sessions.redis-url=" + redis.uri(),
                                "--kaizen.nexus.sessions.redis-timeout=200ms",
                                "--management.endpoint.health.show-components=always",
                                "--management.endpoint.health.show-details=always")) {
            RestClient client = new RestClient(URI.create(app.getBean(Nexus.class).baseUri().toString()));
            assertThat(store(client)).isEqualTo("UP");
            assertThat(client.get("/actuator/health").json().path("components").path("kaizenSessionStore")
                    .path("details").path("store").asString()).isEqualTo("Redis at 127.0.0.1:" + redis.port());

            redis.freeze();
            assertThat(within(() -> "DOWN".equals(store(client)))).as("DOWN while Redis is frozen").isTrue();
            assertThat(client.get("/health").json().path("sessionStore").asString()).isEqualTo("unavailable");
            assertThat(client.get("/actuator/health").status()).isEqualTo(503);

            redis.thaw();
            assertThat(within(() -> "UP".equals(store(client)))).as("UP again by itself").isTrue();
            assertThat(client.get("/health").json().path("sessionStore").asString()).isEqualTo("up");
        }
    }

    private static String store(RestClient client) {
        return client.get("/actuator/health").json().path("components").path("kaizenSessionStore").path("status")
                .asString();
    }

    private static boolean within(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }
}
