package dev.kaizen.nexus.metrics;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of every operation at one moment, immutable.
 *
 * @param at when the figures were taken
 * @param operations each operation's figures, by name
 */
public record PerformanceSummary(Instant at, Map<String, OperationStats> operations) {

    /** Copies the figures into a sorted, unmodifiable map. */
    public PerformanceSummary {
        operations = Collections.unmodifiableMap(new TreeMap<>(operations));
    }

    /**
     * Prints the figures in the layout of the original specification: a heading, then per
     * operation an upper-case name with Mean, Median, Min and Max in milliseconds, and the Count.
     *
     * @param out where to print
     */
    public void print(PrintStream out) {
        PrintWriter writer = new PrintWriter(out, false, out.charset());
        print(writer);
        writer.flush();
    }

    /**
     * @param out where to print, see {@link #print(PrintStream)}
     */
    public void print(PrintWriter out) {
        out.println("=== Performance Summary ===");
        for (OperationStats stats : operations.values()) {
            out.println();
            out.println(stats.operation().toUpperCase(Locale.ROOT) + ":");
            out.println("  Mean:   " + millis(stats.mean()));
            out.println("  Median: " + millis(stats.median()));
            out.println("  Min:    " + millis(stats.min()));
            out.println("  Max:    " + millis(stats.max()));
            out.println("  Count:  " + stats.count());
        }
        out.flush();
    }

    /**
     * @return the JSON form {@code GET /api/metrics} answers with
     */
    public Map<String, Object> toMap() {
        Map<String, Object> figures = new LinkedHashMap<>();
        operations.forEach((name, stats) -> figures.put(name, stats.toMap()));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("at", at.toString());
        map.put("operations", figures);
        return map;
    }

    /**
     * @param map the JSON form, as read back from {@code GET /api/metrics}
     * @return the summary
     */
    public static PerformanceSummary fromMap(Map<?, ?> map) {
        Map<String, OperationStats> operations = new LinkedHashMap<>();
        ((Map<?, ?>) map.get("operations")).forEach((name, stats) ->
                operations.put(String.valueOf(name), OperationStats.fromMap(String.valueOf(name), (Map<?, ?>) stats)));
        return new PerformanceSummary(Instant.parse(String.valueOf(map.get("at"))), operations);
    }

    private static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.3fms", duration.toNanos() / 1e6);
    }
}
