package dev.kaizen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The deadline watchdog: asleep with no deadline when idle, woken by a deadline earlier than its own. */
class RunGuardTest {

    private static Workflow blocking(String name, Duration timeout, CountDownLatch started) {
        return FunctionAgent.builder().name(name).signature(Agents.qaSignature()).timeout(timeout)
                .function(inputs -> {
                    started.countDown();
                    try {
                        new CountDownLatch(1).await(); // until the deadline interrupts it
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Map.of("answer", "late");
                }).build().toWorkflow();
    }

    @Test
    void withNoRunActiveTheWatchdogWaitsWithoutATimeout() {
        FunctionAgent quick = FunctionAgent.builder().name("quick").signature(Agents.qaSignature())
                .timeout(Duration.ofMillis(200)).function(inputs -> Map.of("answer", "now")).build();
        quick.toWorkflow().execute(Map.of("question", "q"));

        // Once the last deadline it slept towards has passed, it parks with no timeout: it wakes
        // for nothing, so an idle Nexus spends no CPU on deadlines.
        assertThat(Eventually.holds(RunGuard::watchdogIdle)).as(RunGuard.describeWatchdog()).isTrue();
    }

    @Test
    void aShortDeadlineWakesAWatchdogSleepingTowardsALongOne() throws Exception {
        CountDownLatch longStarted = new CountDownLatch(1);
        CompletableFuture<Throwable> longRun = CompletableFuture.supplyAsync(() -> {
            try {
                blocking("long", Duration.ofSeconds(5), longStarted).execute(Map.of("question", "q"));
                return null;
            }
            catch (RuntimeException e) {
                return e;
            }
        });
        assertThat(longStarted.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> blocking("short", Duration.ofMillis(100), new CountDownLatch(1))
                .execute(Map.of("question", "q"))).isInstanceOf(WorkflowTimeoutException.class)
                .hasMessage("workflow 'short' did not finish within 100 ms");

        // Had the watchdog slept on towards the long deadline, both would have ended together.
        assertThat(longRun).as("the short deadline fired while the long run still runs").isNotDone();
        assertThat(longRun.get(10, TimeUnit.SECONDS)).isInstanceOf(WorkflowTimeoutException.class);
    }

    /**
     * A channel may write a token to its caller's socket on the run's own thread; an interrupt
     * during that write would close the caller's connection. A cancel that comes while the
     * observer is being told interrupts the run right after, and nothing more is told.
     */
    @Test
    void aCancelDuringAnObserverCallInterruptsTheRunAfterItAndNothingMoreIsTold() throws Exception {
        CountDownLatch telling = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        java.util.List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        boolean[] interruptedWhileTelling = new boolean[1];
        boolean[] interruptedAfter = new boolean[1];
        RunContext context = RunContext.builder().observer(new RunObserver() {
            @Override
            public void token(String text) {
                told.add(text);
                if (text.equals("first")) {
                    telling.countDown();
                    try {
                        cancelled.await(10, TimeUnit.SECONDS); // a slow socket write
                    }
                    catch (InterruptedException e) {
                        interruptedWhileTelling[0] = true;
                    }
                    interruptedWhileTelling[0] |= Thread.currentThread().isInterrupted();
                }
            }
        }).build();
        Workflow workflow = FunctionAgent.builder().name("teller").signature(Agents.qaSignature())
                .timeout(Duration.ofSeconds(30)).function((inputs, run) -> {
                    run.token("first");
                    interruptedAfter[0] = Thread.currentThread().isInterrupted();
                    run.token("second");
                    return Map.of("answer", "done");
                }).build().toWorkflow();

        CompletableFuture<Throwable> run = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                workflow.execute(Map.of("question", "q"), context);
                run.complete(null);
            }
            catch (RuntimeException e) {
                run.complete(e);
            }
        });
        assertThat(telling.await(10, TimeUnit.SECONDS)).isTrue();
        context.cancel(); // returns at once: the stop is left for the run to take when the call ends
        cancelled.countDown();

        assertThat(run.get(10, TimeUnit.SECONDS)).isInstanceOf(WorkflowCancelledException.class);
        assertThat(interruptedWhileTelling[0]).as("the observer call was not interrupted").isFalse();
        assertThat(interruptedAfter[0]).as("the run was interrupted right after it").isTrue();
        assertThat(told).as("nothing told once the run was stopped").containsExactly("first");
    }
}
