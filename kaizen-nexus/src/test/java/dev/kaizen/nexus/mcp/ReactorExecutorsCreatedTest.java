package dev.kaizen.nexus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

class ReactorExecutorsCreatedTest {

    @Test
    void stopsOnlyTheNamedSchedulersCreatedWhileBuilding() throws Exception {
        ReactorExecutorsCreated executors = new ReactorExecutorsCreated("kaizen-test-owned");
        Scheduler[] built = executors.whileBuilding(() -> new Scheduler[] {
                Schedulers.newSingle("kaizen-test-owned"), Schedulers.newSingle("kaizen-test-shared") });
        Scheduler owned = built[0];
        Scheduler shared = built[1];
        Scheduler later = Schedulers.newSingle("kaizen-test-owned");
        try {
            Thread ownedThread = threadOf(owned);
            assertThat(executors.count()).isEqualTo(1);

            executors.shutdown();

            ownedThread.join(Duration.ofSeconds(10));
            assertThat(ownedThread.isAlive()).as("the owned scheduler's thread").isFalse();
            assertThat(threadOf(shared).isAlive()).as("another name's scheduler still runs").isTrue();
            assertThat(threadOf(later).isAlive()).as("one created after building still runs").isTrue();
        }
        finally {
            shared.dispose();
            later.dispose();
            owned.dispose();
        }
    }

    private static Thread threadOf(Scheduler scheduler) throws Exception {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        scheduler.schedule(() -> thread.complete(Thread.currentThread()));
        return thread.get(10, TimeUnit.SECONDS);
    }
}
