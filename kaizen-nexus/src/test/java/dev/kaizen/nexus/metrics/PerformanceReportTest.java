package dev.kaizen.nexus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

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
                .containsExactly("deployment", "*_overhead", "session_sync");
        // The pattern covers every channel's overhead, a channel of one's own included, unless an
        // operation has a target of its own.
        assertThat(overridden.resolve(List.of("api_overhead", "mcp_overhead", "pager_overhead", "api")))
                .extracting(t -> t.operation() + " " + t.limit().toMillis())
                .containsExactly("deployment 100", "mcp_overhead 50", "pager_overhead 50", "session_sync 5",
                        "api_overhead 2");
        assertThat(PerformanceTargets.defaults().resolve(List.of())).extracting(PerformanceTargets.Target::operation)
                .containsExactly("deployment", "*_overhead", "session_sync");
        assertThatThrownBy(() -> PerformanceTargets.builder().target("x", Statistic.P95, Duration.ZERO))
                .hasMessage("target for x p95 must be positive, was PT0S");
        assertThatThrownBy(() -> Statistic.of("p42")).hasMessageContaining("use mean, median, min, max, p95 or p99");
    }
}
