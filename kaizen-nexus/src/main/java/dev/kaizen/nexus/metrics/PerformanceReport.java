package dev.kaizen.nexus.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Figures judged against targets: each target met or not, the bottlenecks, and a score.
 *
 * <p>A target missed by at most twice its limit is a {@code warning} bottleneck, by more a
 * {@code critical} one. The score is the share of measured targets met, counting a warning as
 * half: 100 when every target is met (or none could be measured yet), 0 when every one is critical.
 *
 * @param timestamp when the figures were taken
 * @param figures every operation's figures
 * @param targets each target with its current value and whether it is met
 * @param bottlenecks the targets missed, worst first
 * @param unmeasured targets whose operation has no samples yet
 * @param score 0 to 100
 */
public record PerformanceReport(Instant timestamp, Map<String, OperationStats> figures, List<TargetResult> targets,
        List<Bottleneck> bottlenecks, List<String> unmeasured, int score) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** How bad a missed target is. */
    public enum Severity {
        /** Missed by at most twice the limit. */
        WARNING,
        /** Missed by more than twice the limit. */
        CRITICAL
    }

    /**
     * One target with its current value.
     *
     * @param operation the operation
     * @param statistic the figure judged
     * @param current its value now
     * @param target the limit
     * @param met whether {@code current <= target}
     */
    public record TargetResult(String operation, Statistic statistic, Duration current, Duration target, boolean met) {
    }

    /**
     * A missed target.
     *
     * @param operation the operation
     * @param issue what is wrong, in words
     * @param severity how bad
     * @param current the value now
     * @param target the limit
     */
    public record Bottleneck(String operation, String issue, Severity severity, Duration current, Duration target) {
    }

    static PerformanceReport of(PerformanceSummary summary, PerformanceTargets targets) {
        List<TargetResult> results = new ArrayList<>();
        List<Bottleneck> bottlenecks = new ArrayList<>();
        List<String> unmeasured = new ArrayList<>();
        double points = 0;
        for (PerformanceTargets.Target target : targets.resolve(summary.operations().keySet())) {
            OperationStats stats = summary.operations().get(target.operation());
            if (stats == null || stats.count() == 0) {
                unmeasured.add(target.operation() + " " + target.statistic().key());
                continue;
            }
            Duration current = stats.get(target.statistic());
            boolean met = current.compareTo(target.limit()) <= 0;
            results.add(new TargetResult(target.operation(), target.statistic(), current, target.limit(), met));
            if (met) {
                points += 1;
                continue;
            }
            Severity severity = current.compareTo(target.limit().multipliedBy(2)) <= 0 ? Severity.WARNING
                    : Severity.CRITICAL;
            points += severity == Severity.WARNING ? 0.5 : 0;
            bottlenecks.add(new Bottleneck(target.operation(), String.format(Locale.ROOT, "%s %s is %.3f ms, over the "
                    + "target of %.3f ms", target.operation(), target.statistic().key(), current.toNanos() / 1e6,
                    target.limit().toNanos() / 1e6), severity, current, target.limit()));
        }
        bottlenecks.sort((a, b) -> Double.compare(ratio(b), ratio(a)));
        int score = results.isEmpty() ? 100 : (int) Math.round(100 * points / results.size());
        return new PerformanceReport(summary.at(), summary.operations(), List.copyOf(results),
                List.copyOf(bottlenecks), List.copyOf(unmeasured), score);
    }

    private static double ratio(Bottleneck bottleneck) {
        return (double) bottleneck.current().toNanos() / bottleneck.target().toNanos();
    }

    /**
     * @return the JSON form {@code GET /api/performance/report} answers with
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("timestamp", timestamp.toString());
        map.put("score", score);
        map.put("targets", targets.stream().map(result -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("operation", result.operation());
            entry.put("statistic", result.statistic().key());
            entry.put("currentMs", millis(result.current()));
            entry.put("targetMs", millis(result.target()));
            entry.put("met", result.met());
            return entry;
        }).toList());
        map.put("bottlenecks", bottlenecks.stream().map(bottleneck -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("operation", bottleneck.operation());
            entry.put("issue", bottleneck.issue());
            entry.put("severity", bottleneck.severity().name().toLowerCase(Locale.ROOT));
            entry.put("currentMs", millis(bottleneck.current()));
            entry.put("targetMs", millis(bottleneck.target()));
            return entry;
        }).toList());
        map.put("unmeasured", unmeasured);
        Map<String, Object> figureMap = new LinkedHashMap<>();
        figures.forEach((name, stats) -> figureMap.put(name, stats.toMap()));
        map.put("figures", figureMap);
        return map;
    }

    /**
     * @return {@link #toMap()} as JSON text
     */
    public String toJson() {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toMap());
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
