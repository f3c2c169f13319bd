package dev.kaizen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs the packaged example jar as a user would: {@code java -jar kaizen-examples.jar}. */
class ExamplesJarIT {

    private static final Pattern CURL = Pattern.compile("^    curl -s (\\S+) -H '[^']*' -d '(.*)'$");

    /** The example app's last line, and the last of the Nexus's start-up block. */
    private static final String[] BOTH_BLOCKS = { "  MCP over stdio, ", "  health " };

    @Test
    void everyPrintedRestAddressAnswersWithTheExampleInputs() throws Exception {
        try (ExampleApp app = ExampleApp.start("--server.port=0")) {
            List<String> printed = app.linesUntilAll(Duration.ofSeconds(90), BOTH_BLOCKS);

            assertThat(printed.getFirst()).startsWith("Kaizen for Java " + ExampleApp.expectedVersion() + " examples");
            List<Matcher> curls = printed.stream().map(CURL::matcher).filter(Matcher::find).toList();
            assertThat(curls).hasSizeGreaterThanOrEqualTo(2);
            HttpClient http = HttpClient.newHttpClient();
            JsonMapper json = JsonMapper.builder().build();
            for (Matcher curl : curls) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(curl.group(1)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(curl.group(2))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("%s answered %s", curl.group(1), response.body()).isEqualTo(200);
                JsonNode outputs = json.readTree(response.body()).get("outputs");
                assertThat(outputs.isObject() && !outputs.isEmpty()).as("outputs of %s", curl.group(1)).isTrue();
            }
        }
    }

    @Test
    void everyPrintedMcpToolAndShellCommandAnswers() throws Exception {
        try (ExampleApp app = ExampleApp.start("--server.port=0")) {
            List<String> printed = app.linesUntilAll(Duration.ofSeconds(90), BOTH_BLOCKS);
            String base = printed.stream().filter(line -> line.startsWith(ExampleApp.TRY)).findFirst()
                    .orElseThrow().replaceAll("^" + ExampleApp.TRY + "(\\S+) .*$", "$1");

            List<String> tools = printed.stream().map(MCP_TOOL::matcher).filter(Matcher::find)
                    .map(m -> m.group(1)).toList();
            io.modelcontextprotocol.client.McpSyncClient mcp = io.modelcontextprotocol.client.McpClient.sync(
                    io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport.builder(base)
                            .endpoint("/mcp").build()).build();
            try {
                mcp.initialize();
                assertThat(mcp.listTools().tools()).extracting(io.modelcontextprotocol.spec.McpSchema.Tool::name)
                        .containsExactlyInAnyOrderElementsOf(tools);
            }
            finally {
                mcp.closeGracefully();
            }

            List<String> shells = printed.stream().map(SHELL::matcher).filter(Matcher::find).map(m -> m.group(1))
                    .toList();
            assertThat(shells).hasSize(tools.size());
            for (String command : shells) {
                // The launcher as printed, from the repository's root (this test runs in kaizen-examples).
                Matcher launcher = Pattern.compile("^(\\S+) (.*)$").matcher(command);
                assertThat(launcher.find()).isTrue();
                assertThat(Path.of("..").resolve(launcher.group(1)).toRealPath())
                        .isEqualTo(ExampleApp.launcher().toRealPath());
                command = launcher.group(2);
                List<String> words = new java.util.ArrayList<>(List.of(ExampleApp.launcher().toString()));
                Matcher word = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(command);
                while (word.find()) {
                    words.add(word.group(1) != null ? word.group(1) : word.group(2));
                }
                Process run = new ProcessBuilder(words).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(run.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(run.waitFor()).as("%s printed %s", command, out).isZero();
                assertThat(out).startsWith("{");
            }
        }
    }

    private static final Pattern MCP_TOOL = Pattern.compile("^    mcp: tool '([^']+)' at ");

    private static final Pattern SHELL = Pattern.compile("^    (\\S+ --url \\S+ nexus .*)$");

    @Test
    void theStartUpListsEachAddressOnceAndEachExampleCommandOnce() throws Exception {
        try (ExampleApp app = ExampleApp.start("--server.port=0")) {
            String printed = String.join("\n", app.linesUntilAll(Duration.ofSeconds(90), BOTH_BLOCKS));

            for (String example : List.of("assistant", "notes", "text-stats")) {
                assertThat(printed.split("api: POST \\S+/api/workflows/" + example + "/execute\\b", -1))
                        .as("the REST address of %s", example).hasSize(2);
                assertThat(printed.split("tool '" + example + "'", -1)).as("the MCP tool %s", example).hasSize(2);
                assertThat(printed.split("curl -s \\S+/api/workflows/" + example + "/execute\\b", -1))
                        .as("the curl command of %s", example).hasSize(2);
                assertThat(printed.split(" nexus run " + example + " ", -1)).as("the shell command of %s", example)
                        .hasSize(2);
            }
            assertThat(printed.split("OpenAPI ", -1)).hasSize(2);
        }
    }

    @Test
    void textStatsDoesRealWorkOffline() throws Exception {
        try (ExampleApp app = ExampleApp.start("--server.port=0")) {
            String base = app.awaitBaseUrl();

            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + "/api/workflows/text-stats/execute"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"inputs\":{\"text\":\"Kaizen improves. Kaizen compounds! Small steps.\",\"top\":1}}"))
                            .build(), HttpResponse.BodyHandlers.ofString());

            JsonNode outputs = JsonMapper.builder().build().readTree(response.body()).get("outputs");
            assertThat(outputs.get("words").asInt()).isEqualTo(6);
            assertThat(outputs.get("sentences").asInt()).isEqualTo(3);
            assertThat(outputs.get("topKeywords").toString()).isEqualTo("[\"kaizen\"]");
        }
    }
}
