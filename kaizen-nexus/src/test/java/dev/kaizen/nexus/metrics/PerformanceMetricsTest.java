package dev.kaizen.nexus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.Concurrently;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class PerformanceMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final PerformanceMetrics metrics = new PerformanceMetrics(registry);

    private static void assertWithinOnePercent(Duration actual, Duration expected) {
        assertThat((double) actual.toNanos()).as("%s vs %s", actual, expected)
                .isCloseTo(expected.toNanos(), within(expected.toNanos() * 0.01));
    }

    @Test
    void statisticsOfKnownSamplesMatchTheHandComputedOnes() {
        for (int ms : new int[] { 5, 1, 4, 2, 3 }) {
            metrics.recordDeployment(Duration.ofMillis(ms));
        }

        OperationStats stats = metrics.summary(PerformanceMetrics.DEPLOYMENT).orElseThrow();

        assertThat(stats.count()).isEqualTo(5);
        assertThat(stats.mean()).isEqualTo(Duration.ofMillis(3));
        assertThat(stats.min()).isEqualTo(Duration.ofMillis(1));
        assertThat(stats.max()).isEqualTo(Duration.ofMillis(5));
        assertWithinOnePercent(stats.median(), Duration.ofMillis(3));
        assertWithinOnePercent(stats.p95(), Duration.ofMillis(5));
        assertWithinOnePercent(stats.p99(), Duration.ofMillis(5));
    }

    @Test
    void oneSampleIsEveryStatistic() {
        metrics.recordApiLatency(Duration.ofNanos(250_000));

        OperationStats stats = metrics.summary("api").orElseThrow();

        assertThat(stats.count()).isOne();
        assertThat(stats.mean()).isEqualTo(Duration.ofNanos(250_000));
        assertThat(stats.min()).isEqualTo(stats.max()).isEqualTo(Duration.ofNanos(250_000));
        assertWithinOnePercent(stats.median(), Duration.ofNanos(250_000));
        assertWithinOnePercent(stats.p99(), Duration.ofNanos(250_000));
    }

    @Test
    void noSampleMeansNoFigures() {
        assertThat(metrics.summary("api")).isEmpty();
        assertThat(metrics.summary().operations()).isEmpty();
    }

    @Test
    void aMillionSamplesKeepPercentilesWithinOnePercent() {
        for (int micros = 1; micros <= 1_000_000; micros++) {
            metrics.record("bulk", Duration.ofNanos(micros * 1000L));
        }

        OperationStats stats = metrics.summary("bulk").orElseThrow();

        assertThat(stats.count()).isEqualTo(1_000_000);
        assertWithinOnePercent(stats.mean(), Duration.ofNanos(500_000_500));
        assertWithinOnePercent(stats.median(), Duration.ofMillis(500));
        assertWithinOnePercent(stats.p95(), Duration.ofMillis(950));
        assertWithinOnePercent(stats.p99(), Duration.ofMillis(990));
        assertThat(stats.max()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void percentilesStayWithinOnePercentAcrossTheWholeRange() {
        for (Duration value : List.of(Duration.ofNanos(1000), Duration.ofMillis(7), Duration.ofSeconds(42),
                Duration.ofMinutes(59))) {
            PerformanceMetrics single = new PerformanceMetrics();
            single.record("x", value);
            assertWithinOnePercent(single.summary("x").orElseThrow().median(), value);
        }
    }

    @Test
    void customOperationsAreKeptAndTheShortcutsUseTheOriginalNames() {
        metrics.record("my_custom_step", Duration.ofMillis(1));
        metrics.recordCliLatency(Duration.ofMillis(1));
        metrics.recordMcpLatency(Duration.ofMillis(1));
        metrics.recordSessionSync(Duration.ofMillis(1));

        assertThat(metrics.summary().operations()).containsOnlyKeys("my_custom_step", "cli", "mcp", "session_sync");
    }

    @Test
    void manyWritersLoseNoSample() throws Exception {
        int threads = 16;
        int each = 100_000;
        Concurrently.run(threads, thread -> {
            for (int i = 0; i < each; i++) {
                metrics.record("hot", Duration.ofNanos(1000));
            }
        });

        OperationStats stats = metrics.summary("hot").orElseThrow();
        assertThat(stats.count()).isEqualTo((long) threads * each);
        assertThat(stats.mean()).isEqualTo(Duration.ofNanos(1000));
        assertThat(registry.get("kaizen.hot").timer().count()).isEqualTo((long) threads * each);
    }

    @Test
    void everySampleAlsoGoesToMicrometerWithTags() {
        metrics.record("api", Duration.ofMillis(2).toNanos(), "qa", "api", Outcome.SUCCESS, null);
        metrics.record("api_overhead", Duration.ofMillis(1).toNanos(), "qa", "api", Outcome.SUCCESS, null);
        metrics.record("deployment", Duration.ofMillis(1).toNanos(), "qa", null, Outcome.SUCCESS, true);

        Timer api = registry.get("kaizen.api").tags("workflow", "qa", "channel", "api", "outcome", "success").timer();
        assertThat(api.count()).isOne();
        assertThat(api.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2.0);
        assertThat(registry.get("kaizen.api.overhead").timer().count()).isOne();
        assertThat(registry.get("kaizen.deployment").tags("cached", "true").timer().count()).isOne();
    }

    @Test
    void printSummaryUsesTheLayoutOfTheSpecification() {
        for (int ms : new int[] { 1, 2, 3 }) {
            metrics.recordDeployment(Duration.ofMillis(ms));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        metrics.printSummary(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("=== Performance Summary ===\n\nDEPLOYMENT:\n  Mean:   2.000ms\n  Median: ");
        assertThat(printed).contains("\n  Min:    1.000ms\n  Max:    3.000ms\n  Count:  3\n");
    }

    @Test
    void resetForgetsTheSamples() {
        metrics.recordDeployment(Duration.ofMillis(1));

        metrics.reset();

        assertThat(metrics.summary("deployment").orElseThrow().count()).isZero();
    }

    @Test
    void theJsonFormRoundTrips() {
        metrics.recordApiLatency(Duration.ofMillis(4));

        PerformanceSummary summary = metrics.summary();
        PerformanceSummary back = PerformanceSummary.fromMap(summary.toMap());

        assertThat(back.operations().get("api").count()).isOne();
        assertThat(back.operations().get("api").mean()).isEqualTo(Duration.ofMillis(4));
    }
}
