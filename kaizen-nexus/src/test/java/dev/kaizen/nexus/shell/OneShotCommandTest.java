package dev.kaizen.nexus.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.deploy.DeploymentCache;

/** One-shot command lines as the user's shell splits them: values are never re-split. */
class OneShotCommandTest {

    private final Nexus nexus = Nexus.builder().deploymentCache(new DeploymentCache(100, Runnable::run)).build();

    private final StringWriter out = new StringWriter();

    private final StringWriter err = new StringWriter();

    private int run(String... words) {
        return OneShotCommand.run(ShellChannel.of(nexus).operations(), List.of(words), new PrintWriter(out),
                new PrintWriter(err));
    }

    @Test
    void valuesWithSpacesAndQuotesSurvive() {
        Deployments.deployAsCli(TestAgents.echo("echo", ""), nexus, "qa");

        int code = run("nexus", "run", "qa", "--question", "a \"quoted\" value with spaces", "--count=2");

        assertThat(code).isZero();
        assertThat(out).hasToString("{\"answer\":\"a \\\"quoted\\\" value with spaces x2\"}\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aStrayWordIsRejected() {
        Deployments.deployAsCli(TestAgents.echo("echo", ""), nexus, "qa");

        assertThat(run("nexus", "run", "qa", "--question", "one", "two")).isEqualTo(2);
        assertThat(err).hasToString("error: unexpected argument 'two': options are written --name value\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unknownWorkflowsAndCommandsExitWithTwo() {
        assertThat(run("nexus", "run", "nope")).isEqualTo(2);
        assertThat(run("nexus", "frobnicate")).isEqualTo(2);
        assertThat(run("nexus")).isEqualTo(2);
        assertThat(err.toString()).contains("no workflow named 'nope'", "unknown command 'nexus frobnicate'");
    }

    @Test
    void helpPrintsTheUsageAndSucceeds() {
        Deployments.deployAsCli(TestAgents.echo("echo", ""), nexus, "qa");

        assertThat(run("nexus", "run", "qa", "--help")).isZero();
        assertThat(out).hasToString(
                "usage: nexus run qa --question <string> [--count <integer>] [--session ID] [--format json|text] [--async]\n");
    }

    @Test
    void anAgentFailureExitsWithOne() {
        Deployments.deployAsCli(TestAgents.agent("broken", "fails", in -> {
            throw new IllegalStateException("no luck");
        }), nexus, "broken");

        assertThat(run("nexus", "run", "broken", "--question", "q")).isEqualTo(1);
        assertThat(err).hasToString("error: agent 'broken' failed: no luck\n");
    }

    @Test
    void aSessionIdIsPassedToTheAgent() {
        Deployments.deployAsCli(dev.kaizen.core.FunctionAgent.builder().name("who").signature(TestAgents.qaSignature())
                .function((in, context) -> java.util.Map.of("answer", context.sessionId().orElse("none"))).build(),
                nexus, "who");

        nexus.sessions().createSession("s-7", null, java.time.Duration.ofMinutes(5));

        assertThat(run("nexus", "run", "who", "--question", "q", "--session", "s-7")).isZero();
        assertThat(out).hasToString("{\"answer\":\"s-7\"}\n");
        assertThat(run("nexus", "run", "who", "--question", "q", "--session", "bad id")).isEqualTo(2);
    }

    @Test
    void perfPrintsTheSummaryAndTheReport() throws Exception {
        Deployments.deployAsCli(TestAgents.echo("echo", ""), nexus, "qa");
        run("nexus", "run", "qa", "--question", "q");
        out.getBuffer().setLength(0);

        assertThat(run("nexus", "perf")).isZero();
        assertThat(out.toString()).startsWith("=== Performance Summary ===").contains("CLI:", "CLI_OVERHEAD:",
                "DEPLOYMENT:");
        out.getBuffer().setLength(0);
        assertThat(run("nexus", "perf", "--report")).isZero();
        assertThat(out.toString()).contains("\"score\"", "\"cli_overhead\"");

        java.nio.file.Path file = java.nio.file.Files.createTempFile("report", ".json");
        assertThat(run("nexus", "perf", "--report", file.toString())).isZero();
        assertThat(java.nio.file.Files.readString(file)).contains("\"score\"");
        assertThat(run("nexus", "perf", "--bogus")).isEqualTo(2);
    }

    @Test
    void anEventLogGetsALinePerStartAndCompletion(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path log = dir.resolve("events.jsonl");
        try (Nexus logged = Nexus.builder().eventLog(log).deploymentCache(new DeploymentCache(10, Runnable::run))
                .build()) {
            Deployments.deployAsCli(TestAgents.echo("echo", ""), logged, "qa");
            OneShotCommand.run(ShellChannel.of(logged).operations(), List.of("nexus", "run", "qa", "--question", "q"),
                    new PrintWriter(out), new PrintWriter(err));
        }

        assertThat(java.nio.file.Files.readAllLines(log)).hasSize(2).last().asString()
                .contains("\"event\":\"complete\"", "\"workflow\":\"qa\"", "\"channel\":\"cli\"",
                        "\"outcome\":\"success\"");
    }
}
