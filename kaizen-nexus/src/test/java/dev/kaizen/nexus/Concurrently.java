package dev.kaizen.nexus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one task on many threads released at the same moment, for tests of thread safety. */
public final class Concurrently {

    /** A task that knows which thread it is. */
    @FunctionalInterface
    public interface Task {
        void run(int thread) throws Exception;
    }

    private Concurrently() {
    }

    /**
     * Runs {@code task} on {@code threads} platform threads at once and waits for all of them,
     * rethrowing the first failure.
     */
    public static void run(int threads, Task task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    task.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
        }
    }
}
