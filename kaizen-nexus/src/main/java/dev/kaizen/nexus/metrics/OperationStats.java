package dev.kaizen.nexus.metrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one operation. Count, mean, min and max are exact; median, p95 and p99 come from
 * a histogram whose values are within 1% of the true ones.
 *
 * @param operation the operation's name, such as {@code api}
 * @param count samples recorded
 * @param mean average duration
 * @param median 50th percentile
 * @param min shortest
 * @param max longest
 * @param p95 95th percentile
 * @param p99 99th percentile
 */
public record OperationStats(String operation, long count, Duration mean, Duration median, Duration min, Duration max,
        Duration p95, Duration p99) {

    /**
     * @param statistic one of the figures
     * @return its value
     */
    public Duration get(Statistic statistic) {
        return switch (statistic) {
            case MEAN -> mean;
            case MEDIAN -> median;
            case MIN -> min;
            case MAX -> max;
            case P95 -> p95;
            case P99 -> p99;
        };
    }

    /**
     * @return the figures in milliseconds, as {@code GET /api/metrics} shows them
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", count);
        for (Statistic statistic : Statistic.values()) {
            map.put(statistic.key() + "Ms", millis(get(statistic)));
        }
        return map;
    }

    static OperationStats fromMap(String operation, Map<?, ?> map) {
        return new OperationStats(operation, ((Number) map.get("count")).longValue(), nanos(map.get("meanMs")),
                nanos(map.get("medianMs")), nanos(map.get("minMs")), nanos(map.get("maxMs")), nanos(map.get("p95Ms")),
                nanos(map.get("p99Ms")));
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    private static Duration nanos(Object millis) {
        return Duration.ofNanos(Math.round(((Number) millis).doubleValue() * 1e6));
    }
}
