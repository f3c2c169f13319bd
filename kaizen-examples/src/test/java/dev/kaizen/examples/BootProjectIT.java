package dev.kaizen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import tools.jackson.databind.json.JsonMapper;

/**
 * The Spring Boot recipe of docs/embedding.md, as a user follows it: a project with Boot's parent,
 * Kaizen's BOM and kaizen-nexus (src/it/boot, equal to the page's pom and main class by
 * DocSamplesTest), built by the invoker plugin with the page's command against this build's
 * artifacts, then started with the page's command on a random port, called once and stopped.
 */
// Off only when the user asks to skip the recipe proofs (-Dinvoker.skip=true, documented in
// docs/building.md, for a machine behind a proxy or offline): the invoker then builds no project
// for this test to run, so it could only fail. Every other build, CI's included, runs it.
@DisabledIfSystemProperty(named = "invoker.skip", matches = "true",
        disabledReason = "-Dinvoker.skip=true: the Spring Boot project was not built")
class BootProjectIT {

    /** The page's run command, in the project's directory. */
    static final String RUN = "java -XX:+ExitOnOutOfMemoryError -jar target/my-app-1.0.jar";

    /** The Nexus's start-up log line, with the address it serves on. */
    private static final Pattern SERVING = Pattern.compile("Kaizen Nexus on (http://127\\.0\\.0\\.1:\\d+): ");

    @Test
    void theBuiltJarServesTheAgentOnLoopbackAndStopsWhenTold() throws Exception {
        Path project = Path.of(System.getProperty("kaizen.boot.project"));
        List<String> command = new ArrayList<>(List.of(RUN.split(" ")));
        command.set(0, ExampleApp.java()); // the JDK this build runs on, whatever the PATH says
        command.add("--server.port=0");

        try (ExampleApp app = ExampleApp.launchIn(project, command)) {
            String base = app.awaitMatch(SERVING, Duration.ofSeconds(90)).group(1);

            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base + "/api/workflows/assistant/execute")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"question\":\"What is Kaizen?\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(JsonMapper.builder().build().readTree(answer.body()).at("/outputs/answer").asString())
                    .isNotBlank();
            app.terminate();
            app.awaitExit(Duration.ofSeconds(30)); // fails, after killing it, if it does not stop by then
        }
    }
}
