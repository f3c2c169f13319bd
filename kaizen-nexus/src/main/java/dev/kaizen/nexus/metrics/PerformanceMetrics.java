package dev.kaizen.nexus.metrics;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Timings per operation, always on: a Nexus records every deployment and every call on every
 * channel here without being asked.
 *
 * <pre>{@code
 * PerformanceMetrics metrics = new PerformanceMetrics();
 * metrics.recordDeployment(Duration.ofMillis(3));
 * metrics.record("my_step", Duration.ofNanos(800));   // any operation name is kept
 * metrics.summary("deployment");                      // count, mean, median, min, max, p95, p99
 * metrics.printSummary();
 * }</pre>
 *
 * <h2>Memory and precision</h2>
 * Each operation keeps a fixed-size histogram (HdrHistogram, about 70 KB) plus exact count, sum,
 * min and max, however many samples arrive; percentiles are within 1% from 1 µs to 1 hour.
 *
 * <h2>Concurrency</h2>
 * Recording is thread-safe and lock-free. Every sample also goes to a Micrometer timer named
 * {@code kaizen.<operation>} ({@code _} becomes {@code .}) with {@code workflow}, {@code channel}
 * and {@code outcome} tags, so Prometheus sees what the summary sees.
 */
public final class PerformanceMetrics {

    /** A deployment, cached or built. */
    public static final String DEPLOYMENT = "deployment";

    /** A REST call, from the channel handing it over to the result. */
    public static final String API = "api";

    /** A shell command's run. */
    public static final String CLI = "cli";

    /** An MCP tool call. */
    public static final String MCP = "mcp";

    /** A session read or write. */
    public static final String SESSION_SYNC = "session_sync";

    /** Suffix of the platform's own share of a call: total time minus time inside the agent. */
    public static final String OVERHEAD_SUFFIX = "_overhead";

    private static final String NONE = "none";

    private final Map<String, OperationRecorder> operations = new ConcurrentHashMap<>();

    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private final MeterRegistry registry;

    private final Clock clock;

    /** Metrics with a Micrometer registry of their own. */
    public PerformanceMetrics() {
        this(new SimpleMeterRegistry());
    }

    /**
     * @param registry the Micrometer registry every sample also goes to (the application's)
     */
    public PerformanceMetrics(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    /**
     * @param registry the Micrometer registry every sample also goes to
     * @param clock stamps summaries and reports
     */
    public PerformanceMetrics(MeterRegistry registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records one sample of any operation.
     *
     * @param operation the operation's name; a new name starts a new operation
     * @param duration how long it took
     */
    public void record(String operation, Duration duration) {
        record(operation, duration.toNanos(), null, null, Outcome.SUCCESS, null);
    }

    /**
     * Records one sample with its tags; what the Nexus itself calls.
     *
     * @param operation the operation's name
     * @param nanos how long it took, in nanoseconds
     * @param workflow the workflow's name, or {@code null}
     * @param channel the channel (api, cli, mcp), or {@code null}
     * @param outcome how it ended
     * @param cached for deployments, whether the cache had the workflow; otherwise {@code null}
     */
    public void record(String operation, long nanos, @Nullable String workflow, @Nullable String channel,
            Outcome outcome, @Nullable Boolean cached) {
        Objects.requireNonNull(operation, "operation");
        operations.computeIfAbsent(operation, OperationRecorder::new).record(nanos);
        timers.computeIfAbsent(new TimerKey(operation, workflow, channel, outcome, cached), this::timer)
                .record(Duration.ofNanos(Math.max(0, nanos)));
    }

    /**
     * @param duration a deployment's duration
     */
    public void recordDeployment(Duration duration) {
        record(DEPLOYMENT, duration);
    }

    /**
     * @param duration a REST call's latency
     */
    public void recordApiLatency(Duration duration) {
        record(API, duration);
    }

    /**
     * @param duration a shell command's latency
     */
    public void recordCliLatency(Duration duration) {
        record(CLI, duration);
    }

    /**
     * @param duration an MCP call's latency
     */
    public void recordMcpLatency(Duration duration) {
        record(MCP, duration);
    }

    /**
     * @param duration a session read or write
     */
    public void recordSessionSync(Duration duration) {
        record(SESSION_SYNC, duration);
    }

    /**
     * @return every operation's figures now
     */
    public PerformanceSummary summary() {
        Map<String, OperationStats> figures = new LinkedHashMap<>();
        operations.forEach((name, recorder) -> figures.put(name, recorder.stats()));
        return new PerformanceSummary(clock.instant(), figures);
    }

    /**
     * @param operation an operation's name
     * @return its figures, if any sample was recorded
     */
    public Optional<OperationStats> summary(String operation) {
        OperationRecorder recorder = operations.get(operation);
        return recorder == null ? Optional.empty() : Optional.of(recorder.stats());
    }

    /** Prints the summary to standard output. */
    public void printSummary() {
        printSummary(System.out);
    }

    /**
     * @param out where to print the summary, see {@link PerformanceSummary#print(PrintStream)}
     */
    public void printSummary(PrintStream out) {
        summary().print(out);
    }

    /** Forgets every sample of the summary; Micrometer's meters keep theirs. */
    public void reset() {
        operations.values().forEach(OperationRecorder::reset);
    }

    /**
     * @param targets what each operation should achieve
     * @return the figures judged against the targets, with bottlenecks and a score
     */
    public PerformanceReport evaluate(PerformanceTargets targets) {
        return PerformanceReport.of(summary(), targets);
    }

    /**
     * @return the Micrometer registry samples also go to
     */
    public MeterRegistry meterRegistry() {
        return registry;
    }

    private Timer timer(TimerKey key) {
        Tags tags = Tags.of("workflow", key.workflow() == null ? NONE : key.workflow(),
                "channel", key.channel() == null ? NONE : key.channel(), "outcome", key.outcome().tag());
        if (key.cached() != null) {
            tags = tags.and("cached", key.cached().toString());
        }
        return Timer.builder("kaizen." + key.operation().replace('_', '.'))
                .description("Kaizen Nexus timing of " + key.operation()).tags(tags).register(registry);
    }

    private record TimerKey(String operation, @Nullable String workflow, @Nullable String channel, Outcome outcome,
            @Nullable Boolean cached) {
    }
}
