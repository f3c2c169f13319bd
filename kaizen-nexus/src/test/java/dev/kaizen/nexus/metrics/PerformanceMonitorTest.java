package dev.kaizen.nexus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class PerformanceMonitorTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final PerformanceMetrics metrics = new PerformanceMetrics(registry);

    @Test
    void aBlockThatSucceedsIsRecordedAsSuccess() {
        try (PerformanceMonitor monitor = PerformanceMonitor.start(metrics, "deployment")) {
            monitor.success();
        }

        assertThat(metrics.summary("deployment").orElseThrow().count()).isOne();
        assertThat(registry.get("kaizen.deployment").tag("outcome", "success").timer().count()).isOne();
    }

    @Test
    void aBlockThatThrowsIsRecordedAsErrorAndTheExceptionPropagates() {
        assertThatThrownBy(() -> {
            try (PerformanceMonitor monitor = PerformanceMonitor.start(metrics, "deployment")) {
                throwing();
                monitor.success();
            }
        }).isInstanceOf(IllegalStateException.class).hasMessage("boom");

        assertThat(metrics.summary("deployment").orElseThrow().count()).isOne();
        assertThat(registry.get("kaizen.deployment").tag("outcome", "error").timer().count()).isOne();
    }

    @Test
    void timeWrapsACallable() throws Exception {
        assertThat(PerformanceMonitor.time(metrics, "work", () -> 42)).isEqualTo(42);
        assertThatThrownBy(() -> PerformanceMonitor.time(metrics, "work", () -> {
            throw new IllegalArgumentException("bad");
        })).isInstanceOf(IllegalArgumentException.class);

        assertThat(registry.get("kaizen.work").tag("outcome", "success").timer().count()).isOne();
        assertThat(registry.get("kaizen.work").tag("outcome", "error").timer().count()).isOne();
    }

    @Test
    void closingTwiceRecordsOnce() {
        PerformanceMonitor monitor = PerformanceMonitor.start(metrics, "once");
        monitor.close();
        monitor.close();

        assertThat(metrics.summary("once").orElseThrow().count()).isOne();
    }

    private static void throwing() {
        throw new IllegalStateException("boom");
    }
}
