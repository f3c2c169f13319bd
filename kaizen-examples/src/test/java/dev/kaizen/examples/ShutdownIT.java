package dev.kaizen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * SIGTERM stops the app within its graceful period even with connections that never end by
 * themselves: an MCP client's GET stream (the MCP Inspector keeps one open) and an idle
 * keep-alive connection.
 */
class ShutdownIT {

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",\
            "capabilities":{},"clientInfo":{"name":"shutdown-test","version":"1"}}}""";

    @Test
    void sigtermWithAnOpenMcpStreamAndAnIdleConnectionShutsDownGracefully() throws Exception {
        try (ExampleApp app = ExampleApp.start("--server.port=0", "--spring.lifecycle.timeout-per-shutdown-phase=20s")) {
            URI base = URI.create(app.awaitBaseUrl());
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> initialized = http.send(mcpPost(base, null, INITIALIZE),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
            String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
            http.send(mcpPost(base, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                    HttpResponse.BodyHandlers.discarding());

            HttpResponse<InputStream> stream = http.sendAsync(HttpRequest.newBuilder(base.resolve("/mcp"))
                    .header("Accept", "text/event-stream").header("Mcp-Session-Id", session).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream()).get(30, TimeUnit.SECONDS);
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));

            try (Socket idle = new Socket(base.getHost(), base.getPort())) {
                OutputStream out = idle.getOutputStream();
                out.write(("GET /health HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(new String(idle.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                        .isEqualTo("HTTP/1.1 200");

                app.terminate();
                int status = app.awaitExit(Duration.ofSeconds(20));
                List<String> output = app.remainingLines();
                String said = "exit status " + status + ", output after SIGTERM:\n" + String.join("\n", output);
                assertThat(output).as(said).noneMatch(line -> line.contains("Graceful shutdown aborted"))
                        .anyMatch(line -> line.contains("Graceful shutdown complete"));
                // The JVM's code for a SIGTERM that it handled by running its shutdown hooks.
                assertThat(status).as(said).isEqualTo(143);
            }
            finally {
                stream.body().close();
            }
        }
    }

    private static HttpRequest mcpPost(URI base, String session, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return request.build();
    }
}
