package dev.kaizen.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import dev.kaizen.nexus.metrics.Outcome;
import dev.kaizen.nexus.metrics.PerformanceMetrics;
import dev.kaizen.nexus.metrics.PerformanceMonitor;
import dev.kaizen.nexus.metrics.PerformanceSummary;

/** The cost of timing: one sample (with and without Micrometer tags), the monitor, and a summary. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class MetricsBenchmark {

    private static final Duration SAMPLE = Duration.ofNanos(12_345);

    private PerformanceMetrics metrics;

    @Setup
    public void setUp() {
        metrics = new PerformanceMetrics();
        for (int i = 0; i < 100_000; i++) {
            metrics.record("api", Duration.ofNanos(1000 + i));
        }
    }

    @Benchmark
    public void record() {
        metrics.record("api", SAMPLE);
    }

    @Benchmark
    public void recordTagged() {
        metrics.record("api", 12_345, "qa", "api", Outcome.SUCCESS, null);
    }

    @Benchmark
    @Threads(2)
    public void record2Threads() {
        metrics.record("api", SAMPLE);
    }

    @Benchmark
    @Threads(8)
    public void record8Threads() {
        metrics.record("api", SAMPLE);
    }

    @Benchmark
    public void monitor() {
        try (PerformanceMonitor monitor = PerformanceMonitor.start(metrics, "block")) {
            monitor.success();
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public PerformanceSummary summary() {
        return metrics.summary();
    }
}
