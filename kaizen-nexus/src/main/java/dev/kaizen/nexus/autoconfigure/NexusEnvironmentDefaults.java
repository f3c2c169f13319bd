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
 *
 * <p>The {@value #STDIO_ARGUMENT} argument (or {@code kaizen.nexus.mcp.stdio=true}) switches to MCP
 * over stdio: no web server, no banner, and {@code System.out} pointed at stderr before logging
 * starts, so that stdout carries protocol messages only.
 */
class NexusEnvironmentDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "kaizenNexusDefaults";

    /** The command-line argument that selects MCP over stdio. */
    static final String STDIO_ARGUMENT = "mcp-stdio";

    private static final String STDIO_PROPERTY = NexusProperties.CONFIG_PREFIX + ".mcp.stdio";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(NexusProperties.CONFIG_PREFIX + ".enabled", Boolean.class, true)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME,
                Map.of("spring.threads.virtual.enabled", "true", "server.address", "127.0.0.1",
                        // Spring MVC's own refusals (404 of an unknown path, 405, 415) as problem
                        // documents, like every refusal of Kaizen's.
                        "spring.mvc.problemdetails.enabled", "true",
                        // Jackson 2 is on the class path only for the OpenAI client; Actuator's
                        // Jackson 2 mapper would load Kotlin reflection for it: half a second of
                        // every start. Actuator's endpoints answer through Jackson 3 either way.
                        "management.endpoints.jackson2.isolated-object-mapper", "false",
                        // The SDK logs each initialize's clientInfo and capabilities whole, as the
                        // client sent them; Kaizen's guard logs one escaped line instead.
                        "logging.level.io.modelcontextprotocol.server.McpAsyncServer", "WARN",
                        // A cancelled run closes its model stream; Spring AI then logs "Aggregation
                        // Error" with a stack trace. Kaizen classifies and logs every model failure once.
                        "logging.level.org.springframework.ai.chat.model.MessageAggregator", "OFF",
                        // The SDK warns "No handler registered" for every notifications/cancelled,
                        // which Kaizen's request guard has handled before it.
                        "logging.level.io.modelcontextprotocol.spec.McpStreamableServerSession", "ERROR")));
        if (environment.containsProperty(STDIO_ARGUMENT)
                || environment.getProperty(STDIO_PROPERTY, Boolean.class, false)) {
            environment.getPropertySources().addFirst(new MapPropertySource("kaizenMcpStdio",
                    Map.of(STDIO_PROPERTY, "true", "spring.main.web-application-type", "none",
                            "spring.main.banner-mode", "off")));
            environment.getPropertySources().addLast(new MapPropertySource("kaizenMcpStdioDefaults",
                    Map.of(LeanStartFilter.PROPERTY, "true")));
            System.setOut(System.err);
        }
    }
}
