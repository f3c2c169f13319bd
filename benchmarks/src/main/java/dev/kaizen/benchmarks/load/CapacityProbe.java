package dev.kaizen.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kaizen.benchmarks.BenchmarkAgents;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.deploy.DeploymentCache;
import dev.kaizen.nexus.session.NexusSessionManager;

/**
 * Capacity figures, run in a JVM of its own with {@code -Xmx1g}: {@code sessions} fills the
 * in-memory store with idle sessions until the heap after GC reaches 90% of its maximum and
 * reports how many fit and the heap bytes per session; {@code deployments} makes 1,000 deployments
 * into a running Nexus from 64 threads. Prints one JSON line.
 */
public final class CapacityProbe {

    private CapacityProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "sessions" -> sessions();
            case "deployments" -> deployments();
            default -> throw new IllegalArgumentException("sessions or deployments");
        }
    }

    private static void sessions() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long max = Runtime.getRuntime().maxMemory();
        // No bound of the store's own (a quarter of the heap by default): the probe fills the heap itself.
        NexusSessionManager sessions = NexusSessionManager.builder().maxSessions(100_000_000)
                .maxStoreBytes(Long.MAX_VALUE).executor(Runnable::run).build();
        long baseline = usedAfterGc(memory);
        int created = 0;
        long usedAtMillion = -1;
        while (true) {
            for (int i = 0; i < 100_000; i++) {
                sessions.createSession();
            }
            created += 100_000;
            long used = usedAfterGc(memory);
            if (created == 1_000_000) {
                usedAtMillion = used;
            }
            if (used > max * 0.9 || created >= 20_000_000) {
                System.out.printf(Locale.ROOT,
                        "{\"sessions\":%d,\"heapMaxBytes\":%d,\"bytesPerSession\":%.0f,\"millionSessionsHeapBytes\":%d}%n",
                        created, max, (used - baseline) / (double) created, usedAtMillion - baseline);
                return;
            }
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void deployments() throws Exception {
        try (Nexus nexus = Nexus.builder().port(0).deploymentCache(new DeploymentCache(2_000, Runnable::run)).build()
                .start()) {
            // Warm the deploy path once, as a running service would be.
            for (int i = 0; i < 200; i++) {
                Deployments.deployMultiChannel(BenchmarkAgents.echo("warm" + i), nexus, "warm" + i);
            }
            int threads = 64;
            AtomicInteger next = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            long t0;
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = next.getAndIncrement(); i < 1000; i = next.getAndIncrement()) {
                            Deployments.deployMultiChannel(BenchmarkAgents.echo("c" + i), nexus, "c" + i);
                        }
                        return null;
                    }));
                }
                t0 = System.nanoTime();
                start.countDown();
                for (Future<?> future : done) {
                    future.get(5, TimeUnit.MINUTES);
                }
            }
            double millis = Duration.ofNanos(System.nanoTime() - t0).toNanos() / 1e6;
            System.out.printf(Locale.ROOT, "{\"deployments\":1000,\"threads\":%d,\"wallMs\":%.1f,\"served\":%d}%n",
                    threads, millis, nexus.registry().size());
        }
    }
}
