package dev.kaizen.nexus.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What each operation should achieve: a limit per operation and statistic, such as
 * {@code api_overhead p95 < 50 ms}. Immutable.
 *
 * <p>The {@link #defaults()} judge what the platform is responsible for, the overhead beside the
 * agent, with limits well inside the original specification's (its latencies exclude model time,
 * with a 500 ms target and "under 100 ms" overhead):
 *
 * <table>
 * <caption>Default targets</caption>
 * <tr><th>operation</th><th>statistic</th><th>limit</th></tr>
 * <tr><td>deployment</td><td>p95</td><td>100 ms</td></tr>
 * <tr><td>{@code *_overhead}: every channel's overhead ({@code api_overhead}, {@code mcp_overhead}, ...)</td>
 * <td>p95</td><td>50 ms</td></tr>
 * <tr><td>session_sync</td><td>p95</td><td>5 ms</td></tr>
 * </table>
 */
public final class PerformanceTargets {

    /** Starts an operation pattern: {@code *_overhead} stands for every operation ending in {@code _overhead}. */
    public static final String WILDCARD = "*";

    /**
     * One target.
     *
     * @param operation the operation's name, or {@code *suffix} for every operation with that suffix
     * @param statistic the figure judged
     * @param limit the figure must be at most this
     */
    public record Target(String operation, Statistic statistic, Duration limit) {

        /** Checks the parts. */
        public Target {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(statistic, "statistic");
            Objects.requireNonNull(limit, "limit");
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("target for " + operation + " " + statistic.key()
                        + " must be positive, was " + limit);
            }
        }
    }

    private static final PerformanceTargets DEFAULTS = builder()
            .target(PerformanceMetrics.DEPLOYMENT, Statistic.P95, Duration.ofMillis(100))
            .target(WILDCARD + PerformanceMetrics.OVERHEAD_SUFFIX, Statistic.P95, Duration.ofMillis(50))
            .target(PerformanceMetrics.SESSION_SYNC, Statistic.P95, Duration.ofMillis(5))
            .build();

    private final List<Target> targets;

    private PerformanceTargets(Map<String, Target> targets) {
        this.targets = List.copyOf(targets.values());
    }

    /**
     * @return the default targets, see the class description
     */
    public static PerformanceTargets defaults() {
        return DEFAULTS;
    }

    /**
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding these targets, to override some
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        targets.forEach(target -> builder.target(target.operation(), target.statistic(), target.limit()));
        return builder;
    }

    /**
     * @return every target, in the order they were given
     */
    public List<Target> targets() {
        return targets;
    }

    /**
     * The targets that apply to the operations measured: a pattern ({@code *_overhead}) becomes one
     * target per matching operation (sorted by name) unless that operation has a target of its own
     * for the same statistic; a pattern that matches nothing stays, to be reported unmeasured.
     *
     * @param operations the operations that have samples
     * @return concrete targets, in order
     */
    public List<Target> resolve(Collection<String> operations) {
        Set<String> specific = new HashSet<>();
        targets.stream().filter(target -> !target.operation().startsWith(WILDCARD))
                .forEach(target -> specific.add(target.operation() + "/" + target.statistic().key()));
        List<Target> resolved = new ArrayList<>();
        for (Target target : targets) {
            if (!target.operation().startsWith(WILDCARD)) {
                resolved.add(target);
                continue;
            }
            String suffix = target.operation().substring(WILDCARD.length());
            List<String> matches = operations.stream().filter(operation -> operation.endsWith(suffix))
                    .filter(operation -> !specific.contains(operation + "/" + target.statistic().key()))
                    .sorted().toList();
            if (matches.isEmpty()) {
                resolved.add(target);
            }
            matches.forEach(operation -> resolved.add(new Target(operation, target.statistic(), target.limit())));
        }
        return resolved;
    }

    /** Builds {@link PerformanceTargets}; a target for the same operation and statistic replaces the earlier. */
    public static final class Builder {

        private final Map<String, Target> targets = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param operation the operation's name
         * @param statistic the figure judged
         * @param limit the figure must be at most this; positive
         * @return this builder
         */
        public Builder target(String operation, Statistic statistic, Duration limit) {
            Target target = new Target(operation, statistic, limit);
            targets.put(operation + "/" + statistic.key(), target);
            return this;
        }

        /**
         * @return the targets
         */
        public PerformanceTargets build() {
            return new PerformanceTargets(new LinkedHashMap<>(targets));
        }

    }
}
