package dev.kaizen.nexus.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.Concurrently;

/** The in-memory run store: bounded by ended runs only, and no event lost under many writers. */
class InMemoryRunStoreTest {

    private static RunRecord queued(String id, String session) {
        return RunRecord.queued(id, "w", session, "", Instant.now(), 0.1, null);
    }

    @Test
    void runsInProgressAreNeverEvictedForRoomEndedOnesAre() {
        InMemoryRunStore store = new InMemoryRunStore(2, Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            store.save(queued("r" + i, "s").running(1));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(store.find("r" + i)).as("r%d is running", i).isPresent();
        }

        for (int i = 0; i < 5; i++) {
            store.save(store.find("r" + i).orElseThrow().succeeded(Map.of("ok", true), 1));
        }

        long kept = java.util.stream.IntStream.range(0, 5).filter(i -> store.find("r" + i).isPresent()).count();
        assertThat(kept).as("at most 2 ended runs kept").isLessThanOrEqualTo(2);
        assertThat(store.bySession("s")).hasSize((int) kept);
    }

    @Test
    void manyThreadsAppendingToOneRunLoseNoEvent() throws Exception {
        InMemoryRunStore store = new InMemoryRunStore(10, Duration.ofHours(1));
        store.save(queued("r", null));
        Concurrently.run(16, thread -> {
            for (int i = 0; i < 500; i++) {
                store.append("r", RunEvent.token("x"));
            }
        });

        assertThat(store.events("r", 0)).hasSize(16 * 500);
        assertThat(store.events("r", 7_990)).hasSize(10);
    }
}
