package dev.kaizen.nexus.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A {@code kaizen.*} value that binds but cannot be used stops the application with Spring Boot's
 * Description and Action block naming the property, not a stack trace of builder internals.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidPropertiesTest {

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void eachUnusableValueIsReportedWithItsPropertyName(CapturedOutput output) {
        Map<String, String> cases = Map.of(
                "kaizen.nexus.mcp.path", "no slash",
                "kaizen.model.temperature", "7",
                "kaizen.nexus.sessions.redis-url", "ftp://127.0.0.1:1",
                "kaizen.nexus.security.api-keys.ops", "plain-key-0123456789",
                "kaizen.nexus.rest.path-prefix", "api",
                "kaizen.nexus.runs.lease-time", "500ms",
                "kaizen.nexus.mcp.max-sessions-per-principal", "20000",
                "kaizen.nexus.sessions.max-sessions-per-principal", "0",
                "kaizen.nexus.sessions.max-store-size", "100B");
        cases.forEach((property, value) -> {
            int before = output.getOut().length() + output.getErr().length();
            String[] args = property.contains("redis") || property.contains("lease")
                    ? new String[] { "--server.port=0", "--kaizen.nexus.sessions.store=redis", "--" + property + "=" + value }
                    : new String[] { "--server.port=0", "--" + property + "=" + value };
            assertThatThrownBy(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.SERVLET)
                    .properties("spring.main.banner-mode=off").run(args).close())
                    .as(property).hasRootCauseInstanceOf(IllegalArgumentException.class);
            String report = (output.getOut() + output.getErr()).substring(before);
            assertThat(report).as(property).contains("APPLICATION FAILED TO START", "Description:", "Action:",
                    "docs/configuration.md", property);
            assertThat(report).as(property).contains(property.startsWith("kaizen.nexus.security")
                    ? "Invalid configuration under 'kaizen.nexus.security'"
                    : "Invalid value '" + (property.endsWith("temperature") ? "7.0"
                            : property.endsWith("lease-time") ? "PT0.5S" : value) + "' for property '"
                            + property + "'");
        });
    }
}
