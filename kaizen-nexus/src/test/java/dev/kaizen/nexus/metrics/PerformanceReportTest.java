package dev.kaizen.nexus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PerformanceReportTest {

    private final PerformanceMetrics metrics = new PerformanceMetrics();

    private final PerformanceTargets targets = PerformanceTargets.builder()
            .target("api", Statistic.MEAN, Duration.ofMillis(10))
            .target("mcp", Statistic.MAX, Duration.ofMillis(10))
            .target("cli", Statistic.MEAN, Duration.ofMillis(10))
            .target("session_sync", Statistic.P95, Duration.ofMillis(1))
            .build();

    @Test
    void aTargetMetUnmetOrUnmeasuredIsJudgedAndScored() {
        metrics.recordApiLatency(Duration.ofMillis(5));      // met
        metrics.recordMcpLatency(Duration.ofMillis(15));     // missed by at most twice: warning
        metrics.recordCliLatency(Duration.ofMillis(30));     // missed by more: critical

        PerformanceReport report = metrics.evaluate(targets);

        assertThat(report.targets()).extracting(PerformanceReport.TargetResult::operation,
                PerformanceReport.TargetResult::met).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("api", true),
                        org.assertj.core.groups.Tuple.tuple("mcp", false),
                        org.assertj.core.groups.Tuple.tuple("cli", false));
        assertThat(report.bottlenecks()).extracting(PerformanceReport.Bottleneck::operation,
                PerformanceReport.Bottleneck::severity).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cli", PerformanceReport.Severity.CRITICAL),
                        org.assertj.core.groups.Tuple.tuple("mcp", PerformanceReport.Severity.WARNING));
        assertThat(report.bottlenecks().getFirst().issue()).isEqualTo("cli mean is 30.000 ms, over the target of 10.000 ms");
        assertThat(report.unmeasured()).containsExactly("session_sync p95");
        assertThat(report.score()).isEqualTo(50); // (1 + 0.5 + 0) / 3
    }

    @Test
    void everyTargetMetScores100AndNothingMeasuredToo() {
        assertThat(metrics.evaluate(targets).score()).isEqualTo(100);
        metrics.recordApiLatency(Duration.ofMillis(1));

        PerformanceReport report = metrics.evaluate(targets);

        assertThat(report.score()).isEqualTo(100);
        assertThat(report.bottlenecks()).isEmpty();
    }

    @Test
    void theReportSerialisesToJson() {
        metrics.recordCliLatency(Duration.ofMillis(30));

        JsonNode json = JsonMapper.builder().build().readTree(metrics.evaluate(targets).toJson());

        assertThat(json.get("score").asInt()).isZero();
        assertThat(json.get("targets").get(0).get("currentMs").asDouble()).isEqualTo(30.0);
        assertThat(json.get("bottlenecks").get(0).get("severity").asString()).isEqualTo("critical");
        assertThat(json.get("figures").get("cli").get("count").asInt()).isOne();
        assertThat(json.has("timestamp")).isTrue();
    }

    @Test
    void defaultsJudgeThePlatformsOverheadAndCanBeOverridden() {
        PerformanceTargets overridden = PerformanceTargets.defaults().toBuilder()
                .target("api_overhead", Statistic.P95, Duration.ofMillis(2)).build();

        assertThat(PerformanceTargets.defaults().targets()).extracting(PerformanceTargets.Target::operation)
                .contains("deployment", "api_overhead", "cli_overhead", "mcp_overhead", "session_sync");
        assertThat(overridden.targets()).filteredOn(t -> t.operation().equals("api_overhead")).singleElement()
                .extracting(PerformanceTargets.Target::limit).isEqualTo(Duration.ofMillis(2));
        assertThatThrownBy(() -> PerformanceTargets.builder().target("x", Statistic.P95, Duration.ZERO))
                .hasMessage("target for x p95 must be positive, was PT0S");
        assertThatThrownBy(() -> Statistic.of("p42")).hasMessageContaining("use mean, median, min, max, p95 or p99");
    }
}
