package dev.kaizen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The standalone recipe of docs/embedding.md, as a user follows it: a project of its own with no
 * Spring Boot parent, only Kaizen's BOM and kaizen-nexus (src/it/standalone, built by the invoker
 * plugin against this build's artifacts), started with the class path its build wrote.
 */
// Off only when the user asks to skip the recipe proofs (-Dinvoker.skip=true, documented in
// docs/building.md, for a machine behind a proxy or offline): the invoker then builds no project
// for this test to run, so it could only fail. Every other build, CI's included, runs it.
@DisabledIfSystemProperty(named = "invoker.skip", matches = "true",
        disabledReason = "-Dinvoker.skip=true: the standalone project was not built")
class StandaloneProjectIT {

    private static final Pattern REST = Pattern.compile("^REST: POST (http://\\S+)$");

    private static final Pattern MCP = Pattern.compile("^MCP:  tool '([^']+)' at (http://[^/]+)(/\\S*)$");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void restMcpAndTheShellAnswerAndTheProgramEndsByItselfAfterQuit() throws Exception {
        try (ExampleApp app = ExampleApp.launch(command("0"))) {
            List<String> printed = app.linesUntil("CLI:", Duration.ofSeconds(90));
            String restUrl = match(REST, printed).group(1);
            Matcher mcp = match(MCP, printed);

            HttpResponse<String> rest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(restUrl))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"text\":\"over rest\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
            assertThat(JSON.readTree(rest.body()).at("/outputs/result").asString()).isEqualTo("OVER REST");

            McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(mcp.group(2))
                    .endpoint(mcp.group(3)).build()).build();
            try {
                client.initialize();
                CallToolResult result = client.callTool(new CallToolRequest(mcp.group(1), Map.of("text", "over mcp")));
                assertThat(result.isError()).as("%s", result).isNotEqualTo(Boolean.TRUE);
                assertThat(JSON.valueToTree(result.structuredContent()).get("result").asString())
                        .isEqualTo("OVER MCP");
            }
            finally {
                client.closeGracefully();
            }

            app.type("nexus run upper --text \"over the shell\"");
            assertThat(app.linesUntil("{", Duration.ofSeconds(30)).getLast()).contains("\"result\":\"OVER THE SHELL\"");
            app.type("quit");
            // The program only returns from main: it ends because no thread is left to keep it up.
            assertThat(app.awaitExit(Duration.ofSeconds(60))).isZero();
        }
    }

    /**
     * The console sample of docs/embedding.md is what the program prints: each line as it is (with
     * this run's port), a log line ({@code ... }) by its end. Here the shell reads a pipe, not a
     * terminal, so it greets no one and shows no prompt: the commands at the sample's prompt are
     * typed, and the greeting and prompt lines are left out of the comparison.
     */
    @Test
    void theConsoleSampleInEmbeddingMdIsWhatTheProgramPrints() throws Exception {
        Matcher block = Pattern.compile("```console\n([^`]*?\nREST: POST [^`]*)```")
                .matcher(Files.readString(Path.of("../docs/embedding.md")));
        assertThat(block.find()).as("the standalone console sample in docs/embedding.md").isTrue();
        List<String> sample = block.group(1).lines().toList();
        List<String> printed = new java.util.ArrayList<>();
        try (ExampleApp app = ExampleApp.launch(command("0"))) {
            printed.addAll(app.linesUntil("CLI:", Duration.ofSeconds(90)));
            String port = String.valueOf(URI.create(match(REST, printed).group(1)).getPort());
            sample.stream().filter(line -> line.startsWith(PROMPT)).forEach(line -> type(app, line));
            assertThat(app.awaitExit(Duration.ofSeconds(60))).isZero();
            printed.addAll(app.remainingLines());

            int at = 0;
            for (String line : sample.stream().filter(line -> !line.startsWith(PROMPT) && !line.startsWith(GREETING))
                    .map(line -> line.replace("127.0.0.1:8000", "127.0.0.1:" + port)).toList()) {
                while (at < printed.size() && !(line.startsWith(LOGGED)
                        ? printed.get(at).endsWith(line.substring(LOGGED.length())) : printed.get(at).equals(line))) {
                    at++;
                }
                assertThat(at).as("'%s' printed, in the sample's order, in:%n%s", line, String.join("\n", printed))
                        .isLessThan(printed.size());
            }
        }
    }

    /** How the sample shows a line typed at the shell's prompt. */
    private static final String PROMPT = "kaizen:> ";

    /** The shell's first line on a terminal. */
    private static final String GREETING = "Kaizen shell: ";

    /** How the sample starts a log line, for the part that changes from run to run. */
    private static final String LOGGED = "... ";

    private static void type(ExampleApp app, String promptLine) {
        try {
            app.type(promptLine.substring(PROMPT.length()));
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aSecondCopyOnATakenPortFailsAndExitsByItself() throws Exception {
        try (ExampleApp first = ExampleApp.launch(command("0"))) {
            String port = URI.create(match(REST, first.linesUntil("CLI:", Duration.ofSeconds(90))).group(1))
                    .getPort() + "";
            try (ExampleApp second = ExampleApp.launch(command(port))) {
                assertThat(second.awaitExit(Duration.ofSeconds(60))).isNotZero();
                assertThat(String.join("\n", second.remainingLines())).contains("Port " + port + " was already in use");
            }
        }
    }

    private static List<String> command(String port) throws IOException {
        Path project = Path.of(System.getProperty("kaizen.standalone.project"));
        String classPath = project.resolve("target/classes") + java.io.File.pathSeparator
                + Files.readString(project.resolve("target/classpath.txt")).strip();
        return List.of(ExampleApp.java(), "--enable-native-access=ALL-UNNAMED", "-cp", classPath, "Standalone", port);
    }

    private static Matcher match(Pattern pattern, List<String> lines) {
        return lines.stream().map(pattern::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("no line matching " + pattern + " in:\n" + String.join("\n", lines)));
    }
}
