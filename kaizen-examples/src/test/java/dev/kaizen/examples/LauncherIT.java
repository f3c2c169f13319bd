package dev.kaizen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher the build makes ({@code target/kaizen}), run as a user runs it: one command, the
 * server, and the interactive shell in a pseudo-terminal ({@code script}), locally and attached
 * to a running Nexus. A terminal's output is read from a file once the shell has exited, so no
 * read can block.
 */
class LauncherIT {

    /** Terminal control sequences (colours, cursor moves, modes) and carriage returns. */
    private static final String CONTROL = "\u001B\\[[?0-9;]*[A-Za-z]|\u001B[=>]|\r";

    @TempDir
    Path files;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ExampleApp.launcher().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(empty()))
                .redirectOutput(files.resolve("out").toFile()).redirectError(files.resolve("err").toFile()).start();
        assertThat(ended(process)).as("the command ends by itself").isTrue();
        return new Run(process.exitValue(), Files.readString(files.resolve("out")), Files.readString(files.resolve("err")));
    }

    /** Whether the process ended within two minutes; if not, it is killed, so no JVM outlives the test. */
    private static boolean ended(Process process) throws InterruptedException {
        if (process.waitFor(120, TimeUnit.SECONDS)) {
            return true;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return false;
    }

    private java.io.File empty() throws Exception {
        return Files.writeString(files.resolve("empty"), "").toFile();
    }

    /** What a pseudo-terminal showed (without control sequences), and how the program in it ended. */
    private record Shown(int code, String text) {
    }

    /** Runs the launcher in a pseudo-terminal with these lines typed ahead, until it exits. */
    private Shown inTerminal(List<String> args, String typed) throws Exception {
        Path input = Files.writeString(files.resolve("typed"), typed);
        String command = "stty cols 200; exec " + java.util.stream.Stream.concat(
                java.util.stream.Stream.of(ExampleApp.launcher().toString()), args.stream())
                .map(word -> "'" + word.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        Process process = new ProcessBuilder("script", "-qec", command, "/dev/null")
                .redirectInput(input.toFile()).redirectOutput(files.resolve("terminal").toFile())
                .redirectErrorStream(true).start();
        assertThat(ended(process)).as("the shell leaves on quit").isTrue();
        return new Shown(process.exitValue(), Files.readString(files.resolve("terminal")).replaceAll(CONTROL, ""));
    }

    @Test
    void oneCommandPrintsOnlyItsResultAndExitsWithItsCode() throws Exception {
        Run ok = run("nexus", "run", "text-stats", "--text", "Small steps. Every day.", "--top", "1");
        Run bad = run("nexus", "run", "text-stats", "--top", "two");

        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("{\"words\":4,\"sentences\":2,\"readingTimeSeconds\":1.0,\"topKeywords\":[\"day\"]}\n");
        // Nothing else at all: no banner, no log line, no JVM warning about the AOT cache or native access.
        assertThat(ok.err()).isEmpty();
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err().lines().toList()).containsExactly("error: invalid inputs: top: expected integer, got 'two'",
                "usage: nexus run text-stats --text <string> [--top <integer>] [--session ID] [--format json|text] [--async]");
    }

    @Test
    void springArgumentsReachTheServer() throws Exception {
        try (ExampleApp server = ExampleApp.launch(List.of(ExampleApp.launcher().toString(), "--server.port=0"))) {
            String base = server.awaitBaseUrl();

            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base + "/api/workflows/text-stats/execute")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"text\":\"up\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
    }

    @Test
    void theShellAttachedToARunningNexusRunsRemoteCommandsWithShellQuoting() throws Exception {
        try (ExampleApp server = ExampleApp.start("--server.port=0")) {
            String base = server.awaitBaseUrl();

            Shown shown = inTerminal(List.of("--url", base, "--shell"), """
                    nexus run text-stats --text 'Small steps. Every "day".' --top 1
                    run text-stats --text "it's" --format text
                    nexus run text-stats --top many
                    quit
                    """);

            assertThat(shown.code()).as(shown.text()).isZero();
            assertThat(shown.text()).contains(
                    "Kaizen shell on " + base + ": 4 workflows: assistant, notes, research, text-stats.",
                    "{\"words\":4,\"sentences\":2,\"readingTimeSeconds\":1.0,\"topKeywords\":[\"day\"]}",
                    "words: 1\n", "error: invalid inputs: top: expected integer, got 'many'\nusage: nexus run text-stats");
            assertThat(shown.text()).doesNotContain("Error while executing", "Exception", "WARNING", "Spring Boot");
        }
    }

    @Test
    void theLocalShellStartsQuietlyWithoutAWebServer() throws Exception {
        // The port the app would serve on is taken: a shell that started a web server would fail.
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Shown shown = inTerminal(List.of("--shell", "--server.port=" + taken.getLocalPort()), """
                    run text-stats --text two\\ words! --top 1
                    nexus bogus
                    quit
                    """);

            assertThat(shown.code()).as(shown.text()).isZero();
            assertThat(shown.text()).contains("Kaizen shell: 4 workflows: assistant, notes, research, text-stats.",
                    "\"topKeywords\":[\"two\"]", "error: unknown command 'nexus bogus'\nusage: nexus run <name>");
            assertThat(shown.text()).doesNotContain("Error while executing", "INFO", "Tomcat", "Spring Boot", "WARNING",
                    "Kaizen Nexus on", ExampleApp.TRY);
        }
    }

    @Test
    void aShellThatCannotReachItsNexusSaysSoAndExits() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        Shown shown = inTerminal(List.of("--url", "http://127.0.0.1:" + closed, "--shell"), "quit\n");

        assertThat(shown.code()).isEqualTo(1);
        assertThat(shown.text()).contains("error: cannot reach the Nexus at http://127.0.0.1:" + closed
                + "/: connection refused").doesNotContain("Kaizen shell", "Exception");
    }

    @Test
    void theShellServesBesideItWhenAsked() throws Exception {
        Shown shown = inTerminal(List.of("--shell", "--serve", "--server.port=0"), "list\nquit\n");

        assertThat(shown.code()).as(shown.text()).isZero();
        assertThat(shown.text()).containsPattern("Kaizen shell, REST and MCP on http://127\\.0\\.0\\.1:\\d+: 4 workflows")
                .contains("text-stats  Counts words").doesNotContain("Tomcat", "INFO", "Spring Boot");
    }

    @Test
    void modeArgumentsThatDoNotGoTogetherOrAreIncompleteAreOneErrorLine() throws Exception {
        // Each of these once started the server on port 8000 or ran a command locally instead.
        String[][] cases = { { "--serve" }, { "--shell", "nexus", "list" },
                { "--url", "http://127.0.0.1:9", "--shell", "--serve" }, { "--url", "http://127.0.0.1:9" },
                { "nexsu", "list" }, { "list" }, { "--url" }, { "--url", "--shell" }, { "--url", "nexus", "list" } };
        for (String[] args : cases) {
            Run run = run(args);

            assertThat(run.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err().lines().toList()).as(String.join(" ", args)).hasSize(1).first().asString()
                    .startsWith("error: ");
            assertThat(run.out()).isEmpty();
        }
    }
}
