package dev.kaizen.benchmarks.load;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.servlet.http.HttpServlet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.kaizen.benchmarks.BenchmarkAgents;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server the load drivers hit: a Nexus serving an echo agent on REST and MCP, and beside it,
 * in the same JVM and on the same Tomcat, the baselines: a bare Spring MVC endpoint returning the
 * same JSON, and a bare MCP Java SDK server with one trivial tool. Prints
 * {@code READY port=<port> pid=<pid>} when it serves.
 */
@SpringBootApplication
public class LoadServer {

    public static void main(String[] args) {
        SpringApplication.run(LoadServer.class, args);
    }

    /** The bare baseline: the same request and answer shape as the Nexus's execute endpoint. */
    @RestController
    static class BareEndpoint {

        @PostMapping("/bare/echo")
        Map<String, Object> echo(@RequestBody Map<String, Map<String, Object>> body) {
            Object text = body.get("inputs").get("text");
            return Map.of("workflow", "echo", "outputs", Map.of("echo", text), "executionTimeMs", 0.0);
        }
    }

    @Bean
    ServletRegistrationBean<HttpServlet> bareMcp() {
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(JsonMapper.builder().build());
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json).mcpEndpoint("/bare-mcp").build();
        McpSchema.Tool tool = McpSchema.Tool.builder().name("echo").description("Echoes its text")
                .inputSchema(Map.of("type", "object", "properties", Map.of("text", Map.of("type", "string")),
                        "required", List.of("text")))
                .build();
        McpSyncServer server = McpServer.sync(transport).serverInfo("bare", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build()).jsonMapper(json)
                .immediateExecution(true)
                .tools(SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> McpSchema.CallToolResult
                        .builder().structuredContent(Map.of("echo", request.arguments().get("text")))
                        .addTextContent("{\"echo\":\"" + request.arguments().get("text") + "\"}").isError(false).build())
                        .build())
                .build();
        ServletRegistrationBean<HttpServlet> registration = new ServletRegistrationBean<>(transport, "/bare-mcp");
        registration.setAsyncSupported(true);
        registration.setName("bareMcp");
        registration.addInitParameter("server", server.getServerInfo().name());
        return registration;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready(ApplicationReadyEvent event) {
        Nexus nexus = event.getApplicationContext().getBean(Nexus.class);
        Deployments.deployMultiChannel(BenchmarkAgents.echo(""), nexus, "echo");
        // Runs that answer at once: an agent that works 2 s (run.sh lifts this workflow's limits).
        Deployments.deployAsApi(FunctionAgent.builder().name("slow").signature(BenchmarkAgents.signature())
                .function(inputs -> {
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
                    return Map.of("echo", inputs.get("text"));
                }).build(), nexus, "slow");
        System.out.println("READY port=" + nexus.port() + " pid=" + ProcessHandle.current().pid());
        System.out.flush();
    }
}
