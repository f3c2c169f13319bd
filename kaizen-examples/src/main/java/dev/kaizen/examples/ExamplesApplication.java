package dev.kaizen.examples;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.kaizen.core.Kaizen;
import dev.kaizen.nexus.NexusApplication;

/**
 * The example app: a Spring Boot application that deploys the example agents on every channel
 * at start-up and prints how to reach them.
 *
 * <ul>
 * <li>{@code java -jar kaizen-examples.jar}: REST and MCP (Streamable HTTP) on 127.0.0.1:8000.</li>
 * <li>{@code java -jar kaizen-examples.jar --mcp-stdio}: MCP over stdin/stdout, no web server.</li>
 * <li>{@code java -jar kaizen-examples.jar --shell}: the interactive shell beside the server.</li>
 * <li>{@code java -jar kaizen-examples.jar nexus run text-stats --text "..."}: one command.</li>
 * </ul>
 */
@SpringBootApplication
public class ExamplesApplication {

    /** The one-line banner printed on start. */
    static String banner() {
        return "Kaizen for Java " + Kaizen.version() + " examples (Java " + Runtime.version().feature() + ")";
    }

    /**
     * Starts the app.
     *
     * @param args Spring Boot arguments, such as {@code --server.port=9000}
     */
    public static void main(String[] args) {
        // On stderr: with --mcp-stdio or a one-shot command, stdout carries only protocol or results.
        System.err.println(banner());
        NexusApplication.run(ExamplesApplication.class, args);
    }
}
