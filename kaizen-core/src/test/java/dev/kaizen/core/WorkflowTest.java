package dev.kaizen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class WorkflowTest {

    @Test
    void executeValidatesRunsAndTimes() {
        WorkflowResult result = Agents.echo().toWorkflow().execute(Map.of("question", "hi"));

        assertThat(result.outputs()).containsExactly(Map.entry("answer", "hi x1"));
        assertThat(result.elapsed()).isPositive().isGreaterThanOrEqualTo(result.agentTime());
        assertThat(result.agentTime()).isPositive();
    }

    @Test
    void workflowCarriesTheAgentsNameSchemasAndFingerprint() {
        FunctionAgent agent = Agents.echo();
        Workflow workflow = agent.toWorkflow();

        assertThat(workflow.name()).isEqualTo("echo");
        assertThat(workflow.description()).isEqualTo("Answers with the question");
        assertThat(workflow.signature()).isEqualTo(agent.signature());
        assertThat(workflow.inputSchema()).isEqualTo(agent.signature().inputSchema());
        assertThat(workflow.outputSchema()).isEqualTo(agent.signature().outputSchema());
        assertThat(workflow.inputSchemaJson()).startsWith("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\"")
                .contains("\"required\":[\"question\"]");
        assertThat(workflow.fingerprint()).isEqualTo(agent.fingerprint());
        assertThat(workflow.config().provider()).isEqualTo(FunctionAgent.PROVIDER);
    }

    @Test
    void invalidInputsNeverReachTheAgent() {
        AtomicBoolean ran = new AtomicBoolean();
        Workflow workflow = FunctionAgent.builder().name("guarded").signature(Agents.qaSignature())
                .function(inputs -> {
                    ran.set(true);
                    return Map.of("answer", "x");
                }).build().toWorkflow();

        assertThatThrownBy(() -> workflow.execute(Map.of("count", "many")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid inputs: question: required; count: expected integer, got string");
        assertThat(ran).isFalse();
    }

    @Test
    void anAgentThatThrowsFailsWithItsNameAndMessage() {
        Workflow workflow = FunctionAgent.builder().name("broken").signature(Agents.qaSignature())
                .function(inputs -> {
                    throw new IllegalStateException("database is down");
                }).build().toWorkflow();

        assertThatThrownBy(() -> workflow.execute(Map.of("question", "q")))
                .isInstanceOf(AgentExecutionException.class)
                .hasMessage("agent 'broken' failed: database is down")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAnswerThatDoesNotFitTheOutputsFails() {
        Workflow wrongType = FunctionAgent.builder().name("sloppy").signature(Agents.qaSignature())
                .function(inputs -> Map.of("answer", 42)).build().toWorkflow();
        Workflow nothing = FunctionAgent.builder().name("silent").signature(Agents.qaSignature())
                .function(inputs -> null).build().toWorkflow();

        assertThatThrownBy(() -> wrongType.execute(Map.of("question", "q"))).isInstanceOf(AgentOutputException.class)
                .hasMessage("agent 'sloppy' gave an unusable answer: answer: expected string, got integer");
        assertThatThrownBy(() -> nothing.execute(Map.of("question", "q"))).isInstanceOf(AgentOutputException.class)
                .hasMessageContaining("returned null");
    }

    @Test
    void anAgentPastItsTimeoutFailsAndIsInterrupted() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        Workflow workflow = FunctionAgent.builder().name("slow").signature(Agents.qaSignature())
                .timeout(Duration.ofMillis(100))
                .function(inputs -> blockUntilInterrupted(interrupted)).build().toWorkflow();

        assertThatThrownBy(() -> workflow.execute(Map.of("question", "q")))
                .isInstanceOf(WorkflowTimeoutException.class)
                .hasMessage("workflow 'slow' did not finish within 100 ms");
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the agent's thread was interrupted").isTrue();
    }

    @Test
    void theContextsDeadlineWinsWhenItIsEarlier() {
        Workflow workflow = FunctionAgent.builder().name("slow").signature(Agents.qaSignature())
                .function(inputs -> blockUntilInterrupted(new CountDownLatch(1))).build().toWorkflow();
        RunContext context = RunContext.builder().timeout(Duration.ofMillis(50)).build();

        assertThatThrownBy(() -> workflow.execute(Map.of("question", "q"), context))
                .isInstanceOfSatisfying(WorkflowTimeoutException.class,
                        e -> assertThat(e.timeout()).isLessThanOrEqualTo(Duration.ofMillis(50)));
    }

    @Test
    void cancellingTheContextStopsTheRun() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Workflow workflow = FunctionAgent.builder().name("long").signature(Agents.qaSignature())
                .function(inputs -> {
                    started.countDown();
                    return blockUntilInterrupted(interrupted);
                }).build().toWorkflow();
        RunContext context = RunContext.create();

        try (ExecutorService caller = Executors.newSingleThreadExecutor()) {
            Future<WorkflowResult> run = caller.submit(() -> workflow.execute(Map.of("question", "q"), context));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            context.cancel();

            assertThatThrownBy(run::get).hasCauseInstanceOf(WorkflowCancelledException.class)
                    .hasMessageContaining("workflow 'long' was cancelled");
            assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(context.isCancelled()).isTrue();
        }
    }

    @Test
    void aContextCancelledBeforehandNeverRunsTheAgent() {
        AtomicBoolean ran = new AtomicBoolean();
        Workflow workflow = FunctionAgent.builder().name("never").signature(Agents.qaSignature())
                .function(inputs -> {
                    ran.set(true);
                    return Map.of("answer", "x");
                }).build().toWorkflow();
        RunContext context = RunContext.create();
        context.cancel();

        assertThatThrownBy(() -> workflow.execute(Map.of("question", "q"), context))
                .isInstanceOf(WorkflowCancelledException.class);
        assertThat(ran).isFalse();
    }

    @Test
    void theAgentSeesTheSessionIdOfItsContext() {
        Workflow workflow = FunctionAgent.builder().name("who").signature(Agents.qaSignature())
                .function((inputs, context) -> Map.of("answer", context.sessionId().orElse("none"))).build()
                .toWorkflow();

        assertThat(workflow.execute(Map.of("question", "q"), RunContext.builder().sessionId("s-1").build()).outputs())
                .containsEntry("answer", "s-1");
        assertThat(workflow.execute(Map.of("question", "q")).outputs()).containsEntry("answer", "none");
        assertThatThrownBy(() -> RunContext.builder().sessionId("bad id!")).hasMessageContaining("session id");
    }

    @Test
    void withAgentReusesTheBuiltPartsForAnAgentWithTheSameFingerprint() {
        Workflow built = Agents.echo().toWorkflow();
        FunctionAgent same = FunctionAgent.builder().name("echo").description("Answers with the question")
                .signature(Agents.qaSignature()).function(inputs -> Map.of("answer", "new code")).build();

        Workflow rebound = built.withAgent(same);

        assertThat(rebound.agent()).isSameAs(same);
        assertThat(rebound.inputSchema()).isSameAs(built.inputSchema());
        assertThat(rebound.execute(Map.of("question", "q")).outputs()).containsEntry("answer", "new code");
        assertThat(built.withAgent(built.agent())).isSameAs(built);
    }

    @Test
    void withAgentRejectsAnAgentWithAnotherFingerprint() {
        Workflow built = Agents.echo().toWorkflow();
        FunctionAgent other = FunctionAgent.builder().name("other").signature(Agents.qaSignature())
                .function(inputs -> Map.of("answer", "x")).build();

        assertThatThrownBy(() -> built.withAgent(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fingerprint");
    }

    @Test
    void manyThreadsExecutingAtOnceEachGetTheirOwnOutputs() throws Exception {
        Workflow workflow = Agents.echo().toWorkflow();
        int threads = 64;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<WorkflowResult>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                String question = "q" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return workflow.execute(Map.of("question", question));
                }));
            }
            start.countDown();
            for (int i = 0; i < threads; i++) {
                assertThat(results.get(i).get(30, TimeUnit.SECONDS).outputs()).containsEntry("answer", "q" + i + " x1");
            }
        }
    }

    @Test
    void aCheckedExceptionThrownUndeclaredIsAnAgentFailure() {
        Workflow workflow = FunctionAgent.builder().name("sneaky").signature(Agents.qaSignature())
                .function(inputs -> sneakyThrow(new java.io.IOException("disk on fire"))).build().toWorkflow();

        assertThatThrownBy(() -> workflow.execute(Map.of("question", "q")))
                .isInstanceOf(AgentExecutionException.class).hasMessage("agent 'sneaky' failed: disk on fire");
        assertThat(Agents.echo().toWorkflow().execute(Map.of("question", "after")).outputs())
                .as("the thread is fine afterwards").containsEntry("answer", "after x1");
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> Map<String, Object> sneakyThrow(Throwable failure) throws E {
        throw (E) failure;
    }

    private static Map<String, Object> blockUntilInterrupted(CountDownLatch interrupted) {
        try {
            new CountDownLatch(1).await();
        }
        catch (InterruptedException e) {
            interrupted.countDown();
        }
        return Map.of("answer", "too late");
    }
}
