package dev.kaizen.nexus.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.rest.RestClient;

/**
 * In a Spring Boot application the Redis session store follows the application's own
 * {@code spring.data.redis.*} settings, through its Spring Data Redis connection factory when it
 * has one (this test's class path does); {@code kaizen.nexus.sessions.redis-url} still wins.
 */
class BootRedisSettingsTest {

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void sessionsGoToTheRedisSpringBootIsConfiguredFor() throws Exception {
        try (RedisServer redis = RedisServer.start(); RedisServer other = RedisServer.start()) {
            assertThat(sessionLandsIn(redis, "--spring.data.redis.port=" + redis.port())).isTrue();
            assertThat(sessionLandsIn(redis, "--spring.data.redis.url=redis://127.0.0.1:" + redis.port())).isTrue();
            assertThat(sessionLandsIn(redis, "--spring.data.redis.host=127.0.0.1",
                    "--spring.data.redis.port=" + other.port(),
                    "--kaizen.nexus.sessions.redis-url=" + redis.uri())).isTrue();
            assertThat(sessionLandsIn(other, "--spring.data.redis.host=127.0.0.1",
                    "--spring.data.redis.port=" + other.port(),
                    "--kaizen.nexus.sessions.redis-url=" + redis.uri())).isFalse();
        }
    }

    @Test
    void theApplicationsOwnConnectionFactoryCarriesTheSessionsUnlessKaizenHasAUrlOfItsOwn() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            assertThat(storeOf("--spring.data.redis.port=" + redis.port()))
                    .isEqualTo("Redis at localhost:" + redis.port() + " (Spring Data Redis)");
            assertThat(storeOf("--spring.data.redis.port=" + redis.port(), "--kaizen.nexus.sessions.redis-url="
                    + redis.uri())).isEqualTo("Redis at 127.0.0.1:" + redis.port());
        }
    }

    private static String storeOf(String... settings) {
        try (ConfigurableApplicationContext app = start(settings)) {
            Nexus nexus = app.getBean(Nexus.class);
            assertThat(nexus.sessions().checkStore()).isTrue();
            return nexus.sessions().storeDescription();
        }
    }

    private static ConfigurableApplicationContext start(String... settings) {
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("--server.port=0",
                "--spring.main.banner-mode=off", "--kaizen.nexus.sessions.store=redis"),
                java.util.Arrays.stream(settings)).toArray(String[]::new);
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.SERVLET).run(args);
    }

    /** Starts the app with these settings, creates a session over REST, and looks for it in {@code redis}. */
    private static boolean sessionLandsIn(RedisServer redis, String... settings) {
        try (ConfigurableApplicationContext app = start(settings);
                RedisSessionStore store = new RedisSessionStore(redis.uri(), "kaizen:")) {
            RestClient client = new RestClient(URI.create(app.getBean(Nexus.class).baseUri().toString()));
            String id = client.post("/api/sessions", Map.of()).json().path("id").asString();
            assertThat(id).isNotBlank();
            return store.touch(id, null, java.time.Instant.now()).isPresent();
        }
    }
}
