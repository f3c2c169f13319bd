package dev.kaizen.nexus.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.kaizen.core.FunctionAgent;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code nexus run ... --async} and {@code nexus runs get|watch|cancel}, in this process and
 * against a running Nexus ({@code --url}): the same output and exit codes either way.
 */
class ShellRunsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The output and exit code of one command. */
    private record Outcome(int code, String out, String err) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "local", "remote" })
    void aRunStartedAsyncIsReadWatchedAndCancelled(String where) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try (Nexus nexus = Nexus.builder().port(0).build().start()) {
            Deployments.deployMultiChannel(FunctionAgent.builder().name("steps").signature(TestAgents.textSignature())
                    .function((inputs, run) -> {
                        run.token("HEL");
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        }
                        catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return Map.of("result", "HELLO");
                    }).build(), nexus, "steps");
            Deployments.deployMultiChannel(TestAgents.waitingForCancel("waits", running, interrupted), nexus, "waits");
            ShellOperations operations = (where.equals("local") ? ShellChannel.of(nexus).operations()
                    : new ShellOperations(new RemoteShellBackend(nexus.baseUri(), JSON, null), JSON)).streamingTokens(true);

            Outcome started = run(operations, "nexus", "run", "steps", "--text", "hi", "--async");
            assertThat(started.code()).as(started.err()).isZero();
            String runId = started.out().strip();
            assertThat(runId).matches("[0-9a-f-]{36}");

            Outcome got = run(operations, "nexus", "runs", "get", runId);
            assertThat(got.code()).isZero();
            assertThat(JSON.readTree(got.out()).path("status").asString()).isIn("queued", "running");

            release.countDown();
            Outcome watched = run(operations, "nexus", "runs", "watch", runId, "--format", "text");
            assertThat(watched.code()).as(watched.err()).isZero();
            assertThat(watched.out()).isEqualTo("HEL\nresult: HELLO\n");

            String waiting = run(operations, "nexus", "run", "waits", "--text", "x", "--async").out().strip();
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            Outcome cancelled = run(operations, "nexus", "runs", "cancel", waiting);
            JsonNode run = JSON.readTree(cancelled.out());
            assertThat(run.path("status").asString()).isEqualTo("cancelled");
            assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
            Outcome watchedCancelled = run(operations, "nexus", "runs", "watch", waiting);
            assertThat(watchedCancelled.code()).isEqualTo(ShellFailure.CANCELLED);

            Outcome unknown = run(operations, "nexus", "runs", "get", "no-such-run");
            assertThat(unknown.code()).isEqualTo(ShellFailure.USAGE);
            assertThat(unknown.err()).startsWith("error: ").contains("no-such-run");
            Outcome badAction = run(operations, "nexus", "runs", "stop", runId);
            assertThat(badAction.code()).isEqualTo(ShellFailure.USAGE);
            assertThat(badAction.err()).contains("get, watch or cancel");
        }
    }

    private static Outcome run(ShellOperations operations, String... words) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = OneShotCommand.run(operations, List.of(words), new PrintWriter(out), new PrintWriter(err));
        return new Outcome(code, out.toString(), err.toString());
    }
}
