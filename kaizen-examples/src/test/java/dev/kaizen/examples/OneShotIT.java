package dev.kaizen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * One-shot and remote shell commands, with the packaged example jar run as a terminal user runs
 * it: stdout holds only the result, errors are one line on stderr, and the exit code says what
 * happened.
 */
class OneShotIT {

    @TempDir
    Path files;

    /** What one process printed and how it ended. */
    private record Run(int code, String out, String err) {
    }

    private Run run(Map<String, String> environment, String... args) throws Exception {
        Process process = start(environment, args);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the command ends by itself").isTrue();
        return new Run(process.exitValue(), Files.readString(files.resolve("out")), Files.readString(files.resolve("err")));
    }

    private Process start(Map<String, String> environment, String... args) throws IOException {
        return start(new ArrayList<>(List.of(ExampleApp.java(), "-jar", ExampleApp.jar().toString())), environment, args);
    }

    private Process start(List<String> command, Map<String, String> environment, String... args) throws IOException {
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(files.resolve("out").toFile())
                .redirectError(files.resolve("err").toFile());
        builder.environment().remove("OPENAI_API_KEY");
        builder.environment().remove("OPENAI_BASE_URL");
        builder.environment().remove("KAIZEN_API_KEY");
        builder.environment().remove("KAIZEN_TOKEN");
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    @Test
    void aSuccessfulRunPrintsOnlyTheOutputsOnStdout() throws Exception {
        Run run = run(Map.of(), "nexus", "run", "text-stats", "--text", "Small steps. Every day, \"quoted\" too.",
                "--top", "1");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(
                "{\"words\":6,\"sentences\":2,\"readingTimeSeconds\":1.5,\"topKeywords\":[\"day\"]}\n");
    }

    @Test
    void badInputExitsWithTwoAndOneLineNamingTheFieldPlusUsage() throws Exception {
        Run run = run(Map.of(), "nexus", "run", "text-stats", "--top", "two");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).endsWith("error: invalid inputs: top: expected integer, got 'two'\n"
                + "usage: nexus run text-stats --text <string> [--top <integer>] [--session ID] [--format json|text] [--async]\n")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void anUnknownWorkflowExitsWithTwo() throws Exception {
        Run run = run(Map.of(), "nexus", "run", "nope");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).endsWith("error: no workflow named 'nope' is deployed; 'nexus list' shows them\n");
    }

    @Test
    void anAgentFailureExitsWithOne() throws Exception {
        try (ModelServer model = ModelServer.failing()) {
            Run run = run(Map.of("OPENAI_BASE_URL", model.url()), "nexus", "run", "assistant", "--question", "hi");

            assertThat(run.code()).as(run.err()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("error: agent 'assistant' failed: ").doesNotContain("\tat ");
        }
    }

    @Test
    void aBadUrlIsOneErrorLineAndExitCodeTwo() throws Exception {
        for (String url : new String[] { "not a url", "ftp://127.0.0.1:21", "" }) {
            Run run = run(Map.of(), "--url", url, "nexus", "list");

            assertThat(run.code()).as(url).isEqualTo(2);
            assertThat(run.err()).as(url).contains("error: --url must be an http:// or https:// address")
                    .doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void theShellWithStandardInputClosedSaysSoAndEnds() throws Exception {
        // bash closes file descriptor 0 before it starts the JVM, as a supervisor might.
        Process process = new ProcessBuilder("bash", "-c", "exec \"$0\" -jar \"$1\" --shell --server.port=0 <&-",
                ExampleApp.java(), ExampleApp.jar().toString()).redirectOutput(files.resolve("out").toFile())
                .redirectError(files.resolve("err").toFile()).start();

        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("it ends instead of reading its own jar as commands")
                .isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(files.resolve("err"))).contains("error: standard input is closed");
    }

    @Test
    void theShellReadsAFileOfCommandsOneALine() throws Exception {
        Path script = files.resolve("commands.txt");
        String longText = "word ".repeat(2_000);
        Files.writeString(script, "nexus run text-stats --text 'Small steps. Every day.'\n"
                + "nexus run text-stats --text '" + longText + "' --top 1\nquit\n");

        Process process = new ProcessBuilder(ExampleApp.java(), "-jar", ExampleApp.jar().toString(), "--shell",
                "--server.port=0").redirectInput(script.toFile()).redirectOutput(files.resolve("out").toFile())
                .redirectError(files.resolve("err").toFile()).start();

        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(files.resolve("err"))).isZero();
        String out = Files.readString(files.resolve("out"));
        assertThat(out).contains("\"words\":4").contains("\"words\":2000");

    }

    /**
     * On a terminal JLine loads its native part, and JDK 24+ warns about the restricted method
     * unless native access is granted: the jar's manifest grants it (seen by hand under
     * {@code script}: two warning lines before, none after).
     */
    @Test
    void theJarGrantsNativeAccessSoTheShellPrintsNoWarning() throws Exception {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(ExampleApp.jar().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
        }
    }

    @Test
    void ctrlCCancelsTheRunAndExitsWith130AtOnce() throws Exception {
        try (ModelServer model = ModelServer.silent()) {
            // Through the launcher, as a user types it (it execs the JVM, so the signal reaches it).
            // A drain timeout far beyond the wait below: a process that drained its call (the JVM's
            // shutdown did, for the whole drain timeout) would not have ended by then.
            Process process = start(new ArrayList<>(List.of(ExampleApp.launcher().toString())),
                    Map.of("OPENAI_BASE_URL", model.url()), "--kaizen.nexus.drain-timeout=10m", "nexus", "run",
                    "assistant", "--question", "wait");
            assertThat(model.called.await(120, TimeUnit.SECONDS)).as("the agent is waiting for its model").isTrue();

            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ended without draining its call").isTrue();
            assertThat(process.exitValue()).isEqualTo(130);
            String err = Files.readString(files.resolve("err"));
            assertThat(err).contains("cancelled").doesNotContain("shutting down").doesNotContain("still running");
        }
    }

    @Test
    void ctrlCOnARemoteOneShotCancelsItsRunAndSaysSo() throws Exception {
        try (ModelServer model = ModelServer.silent();
                ExampleApp server = ExampleApp.start("--server.port=0", "--kaizen.model.base-url=" + model.url())) {
            String base = server.awaitBaseUrl();
            Process process = start(new ArrayList<>(List.of(ExampleApp.launcher().toString())), Map.of(), "--url", base,
                    "nexus", "run", "assistant", "--question", "wait");
            assertThat(model.called.await(120, TimeUnit.SECONDS)).as("the run is waiting for its model").isTrue();

            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(130);
            assertThat(Files.readString(files.resolve("err"))).contains("error: cancelled");
        }
    }

    @Test
    void remoteCommandsReachARunningNexusWithTheSameOutputAndCodes() throws Exception {
        try (ExampleApp server = ExampleApp.start("--server.port=0")) {
            String base = server.awaitBaseUrl();

            Run ok = run(Map.of(), "--url", base, "nexus", "run", "text-stats", "--text", "Small steps. Every day,"
                    + " \"quoted\" too.", "--top", "1");
            Run bad = run(Map.of(), "--url", base, "nexus", "run", "text-stats", "--top", "two");
            Run unknown = run(Map.of(), "--url", base, "nexus", "run", "nope");

            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(ok.out()).isEqualTo(
                    "{\"words\":6,\"sentences\":2,\"readingTimeSeconds\":1.5,\"topKeywords\":[\"day\"]}\n");
            assertThat(bad.code()).isEqualTo(2);
            assertThat(bad.err()).contains("error: invalid inputs: top: expected integer, got 'two'");
            assertThat(unknown.code()).isEqualTo(2);
        }
    }

    @Test
    void aServerThatCannotStartExitsWithAFailureCode() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Process server = start(Map.of(), "--server.port=" + taken.getLocalPort());
            assertThat(server.waitFor(90, TimeUnit.SECONDS)).as("the JVM ends by itself").isTrue();
            assertThat(server.exitValue()).isEqualTo(1);
            String out = Files.readString(files.resolve("out")) + Files.readString(files.resolve("err"));
            assertThat(out).contains("APPLICATION FAILED TO START", String.valueOf(taken.getLocalPort()));
        }
    }

    @Test
    void helpPrintsTheUsageAndStartsNothing() throws Exception {
        for (String[] args : new String[][] { { "--help" }, { "-h" }, { "--server.port=0", "--help" } }) {
            Run help = run(Map.of(), args);
            assertThat(help.code()).isZero();
            assertThat(help.out()).startsWith("usage: java -jar <app>.jar").contains("--mcp-stdio", "--url <address>",
                    "nexus run <name>", "exit codes:");
            assertThat(help.err()).isEmpty();
            assertThat(help.out() + help.err()).doesNotContain("Tomcat", "Started ", ":: Spring Boot ::", "ERROR");
        }
    }

    @Test
    void remoteCommandsSendTheirKeyFromTheOptionOrTheEnvironment() throws Exception {
        String key = "it-key-0123456789abcdef";
        try (ExampleApp server = ExampleApp.start("--server.port=0",
                "--kaizen.nexus.security.api-keys.it={sha256}" + sha256(key))) {
            String base = server.awaitBaseUrl();

            Run none = run(Map.of(), "--url", base, "nexus", "list");
            Run wrong = run(Map.of(), "--url", base, "--api-key", "not-the-key-012345", "nexus", "list");
            Run option = run(Map.of(), "--url", base, "--api-key", key, "nexus", "run", "text-stats", "--text", "a b");
            Run environment = run(Map.of("KAIZEN_API_KEY", key), "--url", base, "nexus", "list");
            Run local = run(Map.of(), "--api-key", key, "nexus", "list");

            assertThat(none.code()).isEqualTo(77);
            assertThat(none.err()).contains("error: this Nexus requires credentials");
            assertThat(wrong.code()).isEqualTo(77);
            assertThat(option.code()).as(option.err()).isZero();
            assertThat(option.out()).contains("\"words\":2");
            assertThat(environment.code()).as(environment.err()).isZero();
            assertThat(environment.out()).contains("text-stats");
            assertThat(local.code()).isEqualTo(2);
            assertThat(local.err()).contains("--api-key goes with --url");
        }
    }

    private static String sha256(String key) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** A loopback stand-in for an OpenAI-compatible server: answers 400 at once, or never. */
    static final class ModelServer implements AutoCloseable {

        private final HttpServer server;

        final CountDownLatch called = new CountDownLatch(1);

        private final CountDownLatch release = new CountDownLatch(1);

        private ModelServer(boolean answer) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                called.countDown();
                if (!answer) {
                    try {
                        release.await();
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] body = "{\"error\":{\"message\":\"model 'gpt-4o-mini' is not loaded\",\"type\":\"invalid_request_error\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(400, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        static ModelServer failing() throws IOException {
            return new ModelServer(true);
        }

        static ModelServer silent() throws IOException {
            return new ModelServer(false);
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
        }
    }
}
