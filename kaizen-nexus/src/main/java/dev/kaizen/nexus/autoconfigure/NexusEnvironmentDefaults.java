package dev.kaizen.nexus.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults a Nexus application starts with unless it sets them itself: request handling on
 * virtual threads, and the web server bound to loopback only. Lowest precedence, so any
 * property source of the application wins; absent when {@code kaizen.nexus.enabled=false}.
 */
class NexusEnvironmentDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "kaizenNexusDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(NexusProperties.CONFIG_PREFIX + ".enabled", Boolean.class, true)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME,
                Map.of("spring.threads.virtual.enabled", "true", "server.address", "127.0.0.1")));
    }
}
