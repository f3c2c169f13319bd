package dev.kaizen.nexus.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Skips the Spring Boot auto-configurations a process without a web server has no use for, when
 * {@value #PROPERTY} is true: Kaizen sets it for a one-shot command, the local shell and MCP over
 * stdio. Actuator, health, metrics binders and exporters, the web server and its HTTP message
 * converters and HTTP client settings, Spring Security, the task executor and scheduler, and JMX
 * are then never even evaluated, which is a third of such a start-up. An application that needs
 * one of these in a command too sets {@code kaizen.nexus.lean-start=false}. Everything else (the
 * application's own configuration, Jackson, Redis, a data source, other libraries'
 * auto-configurations) is considered as usual; the Nexus falls back to a simple meter registry.
 */
public final class LeanStartFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    /** Set by {@code NexusApplication} for commands and the local shell, and for MCP over stdio. */
    public static final String PROPERTY = NexusProperties.CONFIG_PREFIX + ".lean-start";

    /** Packages of Spring Boot's auto-configurations that serve only a web server or operations. */
    private static final List<String> SKIPPED = List.of(
            "org.springframework.boot.actuate.", "org.springframework.boot.health.",
            "org.springframework.boot.webmvc.", "org.springframework.boot.webflux.",
            "org.springframework.boot.tomcat.", "org.springframework.boot.jetty.",
            "org.springframework.boot.web.", "org.springframework.boot.servlet.",
            "org.springframework.boot.http.", "org.springframework.boot.security.",
            "org.springframework.boot.micrometer.observation.",
            "org.springframework.boot.micrometer.metrics.autoconfigure.jvm.",
            "org.springframework.boot.micrometer.metrics.autoconfigure.system.",
            "org.springframework.boot.micrometer.metrics.autoconfigure.logging.",
            "org.springframework.boot.micrometer.metrics.autoconfigure.startup.",
            "org.springframework.boot.micrometer.metrics.autoconfigure.task.",
            "org.springframework.boot.micrometer.metrics.autoconfigure.ssl.",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.",
            "org.springframework.boot.autoconfigure.task.", "org.springframework.boot.autoconfigure.jmx.",
            "org.springframework.boot.autoconfigure.admin.", "org.springframework.boot.autoconfigure.availability.",
            "org.springframework.boot.autoconfigure.ssl.", "org.springframework.boot.autoconfigure.info.");

    private boolean lean;

    @Override
    public void setEnvironment(Environment environment) {
        this.lean = environment.getProperty(PROPERTY, Boolean.class, false);
    }

    @Override
    public boolean[] match(@Nullable String[] autoConfigurationClasses,
            AutoConfigurationMetadata autoConfigurationMetadata) {
        boolean[] keep = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < keep.length; i++) {
            String name = autoConfigurationClasses[i];
            keep[i] = !lean || name == null || SKIPPED.stream().noneMatch(name::startsWith);
        }
        return keep;
    }
}
