package dev.kaizen.benchmarks.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import dev.kaizen.core.FieldType;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.execution.RunLimits;

/**
 * Runs that answer at once: 32 callers POST {@code Prefer: respond-async} to a workflow whose
 * agent takes 2 s, back to back, for a fixed time; the figure is the time from sending the request
 * to holding the {@code 202} (the client's time to acknowledgement), and the runs accepted per
 * second. Run from the load jar with {@code -Dloader.main=dev.kaizen.benchmarks.load.AckProbe};
 * prints one JSON line.
 */
public final class AckProbe {

    private static final Signature TEXT = Signature.builder().input("text", FieldType.STRING, "a text")
            .output("result", FieldType.STRING, "the result").build();

    private AckProbe() {
    }

    public static void main(String[] args) throws Exception {
        int callers = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        Duration measured = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 10);
        try (Nexus nexus = Nexus.builder().port(0).runLimits(new RunLimits(100_000, 100_000, Duration.ofSeconds(1)))
                .build().start()) {
            Deployments.deployAsApi(FunctionAgent.builder().name("slow").signature(TEXT).function(in -> {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2)); // the agent's work
                return Map.of("result", "done");
            }).build(), nexus, "slow");
            URI execute = URI.create(nexus.baseUri() + "/api/workflows/slow/execute");
            run(execute, callers, Duration.ofSeconds(3)); // warm-up
            Histogram ack = new ConcurrentHistogram(3);
            LongAdder accepted = new LongAdder();
            long elapsed = run(execute, callers, measured, ack, accepted);
            System.out.printf(Locale.ROOT, "{\"figure\":\"time-to-ack\",\"callers\":%d,\"agentSeconds\":2,"
                    + "\"accepted\":%d,\"acceptedPerSecond\":%.0f,\"p50Millis\":%.3f,\"p99Millis\":%.3f,"
                    + "\"maxMillis\":%.3f}%n", callers, accepted.sum(), accepted.sum() / (elapsed / 1e9),
                    ack.getValueAtPercentile(50) / 1e6, ack.getValueAtPercentile(99) / 1e6, ack.getMaxValue() / 1e6);
        }
    }

    private static void run(URI execute, int callers, Duration time) throws InterruptedException {
        run(execute, callers, time, new ConcurrentHistogram(3), new LongAdder());
    }

    private static long run(URI execute, int callers, Duration time, Histogram ack, LongAdder accepted)
            throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(execute).header("Content-Type", "application/json")
                .header("Prefer", "respond-async").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"inputs\":{\"text\":\"x\"}}")).build();
        long start = System.nanoTime();
        long end = start + time.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                HttpClient http = HttpClient.newHttpClient();
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 202) {
                            throw new IllegalStateException("expected 202, got " + response.statusCode());
                        }
                    }
                    catch (java.io.IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    ack.recordValue(System.nanoTime() - sent);
                    accepted.increment();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return System.nanoTime() - start;
    }
}
