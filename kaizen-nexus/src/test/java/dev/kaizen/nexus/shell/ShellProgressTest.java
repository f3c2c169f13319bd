package dev.kaizen.nexus.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.kaizen.core.AgentConfig;
import dev.kaizen.core.ChatAgent;
import dev.kaizen.core.ChatCompletionsServer;
import dev.kaizen.core.Eventually;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.RecordedOutcomes;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.deploy.DeploymentCache;
import dev.kaizen.nexus.metrics.Outcome;
import dev.kaizen.nexus.metrics.PerformanceMetrics;

/** What the shell shows while a run runs: tokens on stdout with --format text, a spinner on a terminal. */
class ShellProgressTest {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();

    private static final Signature TEXT = TestAgents.textSignature();

    @Test
    void textFormatStreamsTokensThenPrintsTheOutputsAndJsonFormatDoesNot() {
        try (Nexus nexus = Nexus.builder().deploymentCache(new DeploymentCache(10, Runnable::run)).build()) {
            Deployments.deployAsCli(FunctionAgent.builder().name("steps").signature(TEXT).function((inputs, run) -> {
                run.progress("reading");
                run.token("HEL");
                run.token("LO");
                return Map.of("result", "HELLO");
            }).build(), nexus, "steps");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            int code = OneShotCommand.run(ShellChannel.of(nexus).operations().streamingTokens(true),
                    List.of("nexus", "run", "steps", "--text", "hi", "--format", "text"), new PrintWriter(out),
                    new PrintWriter(err));
            StringWriter piped = new StringWriter();
            OneShotCommand.run(ShellChannel.of(nexus).operations().streamingTokens(false),
                    List.of("nexus", "run", "steps", "--text", "hi", "--format", "text"), new PrintWriter(piped),
                    new PrintWriter(new StringWriter()));

            assertThat(code).isZero();
            assertThat(out.toString()).isEqualTo("HELLO\nresult: HELLO\n");
            assertThat(piped.toString()).as("a pipe gets the result alone").isEqualTo("result: HELLO\n");
            assertThat(err.toString()).as("no spinner off a terminal").isEmpty();

            StringWriter json = new StringWriter();
            OneShotCommand.run(ShellChannel.of(nexus).operations(), List.of("nexus", "run", "steps", "--text", "hi"),
                    new PrintWriter(json), new PrintWriter(new StringWriter()));
            assertThat(json.toString()).isEqualTo("{\"result\":\"HELLO\"}\n");
        }
    }

    @Test
    void onATerminalALongRunShowsItsLatestProgressAndErasesItAtTheEnd() throws Exception {
        StringWriter err = new StringWriter();
        CountDownLatch drawn = new CountDownLatch(1);
        PrintWriter watched = new PrintWriter(err) {
            @Override
            public void flush() {
                super.flush();
                if (err.toString().contains("reading the catalogue")) {
                    drawn.countDown();
                }
            }
        };
        try (ShellProgress progress = new ShellProgress(watched, null, true)) {
            progress.progress("reading the catalogue", 0.25);
            assertThat(drawn.await(Eventually.SECONDS, TimeUnit.SECONDS))
                    .as("the spinner drew the latest message").isTrue();
        }
        assertThat(err.toString()).contains("reading the catalogue (25%)").endsWith("\r\u001b[K");
    }

    /**
     * Locally the run is interrupted; with --url the shell hangs up at once, and the Nexus cancels
     * the run when its next heartbeat finds the caller gone (every 200 ms here, 15 s by default).
     */
    @ParameterizedTest
    @ValueSource(strings = { "local", "remote" })
    void ctrlCCancelsTheCommandInTheForegroundAndItAnswersCancelled(String where) throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try (Nexus nexus = Nexus.builder().port(0).deploymentCache(new DeploymentCache(10, Runnable::run))
                .rest(dev.kaizen.nexus.rest.RestConfig.builder().sseHeartbeat(Duration.ofMillis(200)).build()).build()
                .start(); RemoteShellBackend remote = new RemoteShellBackend(nexus.baseUri(), JSON, null)) {
            Deployments.deployMultiChannel(TestAgents.waitingForCancel("slow", running, interrupted), nexus, "slow");
            ShellOperations operations = where.equals("local") ? ShellChannel.of(nexus).operations()
                    : new ShellOperations(remote, JSON);
            StringWriter err = new StringWriter();
            CompletableFuture<Integer> command = CompletableFuture.supplyAsync(
                    () -> OneShotCommand.run(operations,
                            List.of("nexus", "run", "slow", "--text", "x"), new PrintWriter(new StringWriter()),
                            new PrintWriter(err)));

            assertThat(running.await(Eventually.SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(pressCtrlC()).as("a run in the foreground; command: %s, err: %s", command, err).isTrue();
            assertThat(command.get(Eventually.SECONDS, TimeUnit.SECONDS)).isEqualTo(ShellFailure.CANCELLED);
            assertThat(interrupted.await(Eventually.SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(err.toString()).startsWith("error: ").contains("cancelled");
            assertThat(ForegroundRun.cancel()).as("nothing left in the foreground").isFalse();
        }
    }

    @Test
    void ctrlCClosesTheModelCallAndTheRunIsRecordedCancelled() throws Exception {
        try (ChatCompletionsServer model = new ChatCompletionsServer();
                Nexus nexus = Nexus.builder().deploymentCache(new DeploymentCache(10, Runnable::run)).build()) {
            model.stream(Duration.ofMillis(50), "x".repeat(200).split(""));
            Deployments.deployAsCli(ChatAgent.builder().name("qa").description("Answers")
                    .signature(TestAgents.qaSignature()).config(AgentConfig.builder().provider("openai")
                            .baseUrl(model.baseUrl()).model("test-model").build()).build(), nexus, "qa");
            CompletableFuture<Integer> command = CompletableFuture.supplyAsync(() -> OneShotCommand.run(
                    ShellChannel.of(nexus).operations().streamingTokens(true), List.of("nexus", "run", "qa", "--question", "q", "--format",
                            "text"), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));

            assertThat(model.streaming.await(Eventually.SECONDS, TimeUnit.SECONDS))
                    .as("the model is streaming").isTrue();
            assertThat(pressCtrlC()).isTrue();

            assertThat(model.hungUp.await(Eventually.SECONDS, TimeUnit.SECONDS))
                    .as("the model saw its client hang up").isTrue();
            assertThat(command.get(Eventually.SECONDS, TimeUnit.SECONDS)).isEqualTo(ShellFailure.CANCELLED);
            assertThat(RecordedOutcomes.awaitMore(nexus, PerformanceMetrics.CLI, "qa", Outcome.CANCELLED, 0))
                    .isEqualTo(1);
        }
    }

    /** What the terminal's INT handler does, once a run is in the foreground: true if it cancelled one. */
    private static boolean pressCtrlC() {
        return Eventually.holds(ForegroundRun::cancel);
    }
}
