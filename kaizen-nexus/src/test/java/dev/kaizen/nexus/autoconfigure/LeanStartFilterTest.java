package dev.kaizen.nexus.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import dev.kaizen.nexus.Nexus;

/**
 * A lean start (a command, the local shell, MCP over stdio) skips the auto-configurations only a
 * server needs, and still has a working Nexus; without the property nothing is skipped.
 */
class LeanStartFilterTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    private static ConfigurableApplicationContext start(boolean lean) {
        SpringApplication app = new SpringApplication(App.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        return app.run("--" + LeanStartFilter.PROPERTY + "=" + lean, "--spring.main.banner-mode=off");
    }

    @Test
    void aLeanStartSkipsTaskExecutorsAndActuatorButKeepsTheNexus() {
        try (ConfigurableApplicationContext lean = start(true); ConfigurableApplicationContext full = start(false)) {
            assertThat(full.containsBean("applicationTaskExecutor")).isTrue();
            assertThat(full.getBeanNamesForType(org.springframework.boot.health.contributor.HealthContributor.class))
                    .isNotEmpty();

            assertThat(lean.containsBean("applicationTaskExecutor")).isFalse();
            assertThat(lean.getBeanNamesForType(org.springframework.boot.health.contributor.HealthContributor.class))
                    .isEmpty();
            assertThat(lean.getBean(Nexus.class).channelIds()).isEqualTo(full.getBean(Nexus.class).channelIds());
        }
    }
}
