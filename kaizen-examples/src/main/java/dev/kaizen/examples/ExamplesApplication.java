package dev.kaizen.examples;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.kaizen.nexus.NexusApplication;

/**
 * The example app: a Spring Boot application that deploys the example agents on every channel
 * at start-up and prints how to reach them.
 *
 * <ul>
 * <li>{@code java -XX:+ExitOnOutOfMemoryError -jar kaizen-examples.jar}: REST and MCP (Streamable
 * HTTP) on 127.0.0.1:8000; a JVM out of heap exits, for its supervisor to restart it.</li>
 * <li>{@code java -XX:+ExitOnOutOfMemoryError -jar kaizen-examples.jar --mcp-stdio}: MCP over
 * stdin/stdout, no web server.</li>
 * <li>{@code java -XX:+ExitOnOutOfMemoryError -jar kaizen-examples.jar --shell}: the interactive shell
 * beside the server.</li>
 * <li>{@code java -XX:+ExitOnOutOfMemoryError -jar kaizen-examples.jar nexus run text-stats --text "..."}:
 * one command.</li>
 * </ul>
 */
@SpringBootApplication
public class ExamplesApplication {

    /**
     * Starts the app.
     *
     * @param args Spring Boot arguments, such as {@code --server.port=9000}
     */
    public static void main(String[] args) {
        // The one-line banner (src/main/resources/banner.txt) shows in server mode only: commands,
        // the shell and MCP over stdio start quietly.
        NexusApplication.run(ExamplesApplication.class, args);
    }
}
