package dev.kaizen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs the packaged example jar as a user would: {@code java -jar kaizen-examples.jar}. */
class ExamplesJarIT {

    private static final Pattern CURL = Pattern.compile("REST  curl -s (\\S+) -H '[^']*' -d '(.*)'$");

    /** Put on the queue when the app's output closes: the app has exited. */
    private static final String END_OF_OUTPUT = "\u0000end of output";

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Process process;

    @AfterEach
    void stopApp() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void everyPrintedRestAddressAnswersWithTheExampleInputs() throws Exception {
        start("--server.port=0");

        List<String> printed = linesUntil("  OpenAPI ", Duration.ofSeconds(90));

        assertThat(printed.getFirst()).startsWith("Kaizen for Java " + expectedVersion() + " examples");
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

    @Test
    void textStatsDoesRealWorkOffline() throws Exception {
        start("--server.port=0");
        String base = linesUntil("Kaizen Nexus serving", Duration.ofSeconds(90)).getLast().replaceAll(".* on ", "");

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

    private void start(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("kaizen.examples.jar"));
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            }
            catch (IOException e) {
                // Also how reading ends when the test stops the app: its output stream closes.
                lines.add("<output failed: " + e.getMessage() + ">");
            }
            lines.add(END_OF_OUTPUT);
        });
    }

    /** Collects output lines until one starts with {@code marker}, failing after the deadline. */
    private List<String> linesUntil(String marker, Duration deadline) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            String line = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(END_OF_OUTPUT)) {
                break;
            }
            seen.add(line);
            if (line.startsWith(marker)) {
                return seen;
            }
        }
        throw new AssertionError("no line starting with '" + marker + "' within " + deadline + "; output:\n"
                + String.join("\n", seen));
    }

    private static String expectedVersion() throws IOException {
        // The version the build stamps into kaizen-core; the jar must report the same one.
        String text = Files.readString(Path.of("pom.xml"));
        int start = text.indexOf("<version>", text.indexOf("<parent>")) + "<version>".length();
        return text.substring(start, text.indexOf("</version>", start));
    }
}
