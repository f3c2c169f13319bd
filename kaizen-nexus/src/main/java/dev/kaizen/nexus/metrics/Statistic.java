package dev.kaizen.nexus.metrics;

import java.util.Locale;

/** One figure of an operation, as targets name it. */
public enum Statistic {

    /** The average. */
    MEAN,
    /** The 50th percentile. */
    MEDIAN,
    /** The shortest. */
    MIN,
    /** The longest. */
    MAX,
    /** The 95th percentile. */
    P95,
    /** The 99th percentile. */
    P99;

    /**
     * @return the lower-case name used in JSON and properties, such as {@code p95}
     */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param key a name such as {@code p95} or {@code MEAN}
     * @return the statistic
     * @throws IllegalArgumentException naming the choices
     */
    public static Statistic of(String key) {
        for (Statistic statistic : values()) {
            if (statistic.key().equalsIgnoreCase(key)) {
                return statistic;
            }
        }
        throw new IllegalArgumentException("unknown statistic '" + key + "': use mean, median, min, max, p95 or p99");
    }
}
