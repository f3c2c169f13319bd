package dev.kaizen.nexus.metrics;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Times a block and records it when the block ends, whether it completes or throws.
 *
 * <pre>{@code
 * try (PerformanceMonitor monitor = PerformanceMonitor.start(metrics, "deployment")) {
 *     Deployments.deployMultiChannel(agent, nexus, "assistant");
 *     monitor.success();
 * }
 * }</pre>
 *
 * <p>Java's try-with-resources does not tell {@link #close()} whether the block threw, so the
 * block says it succeeded with {@link #success()} as its last statement: a block that throws
 * before that is recorded with {@code outcome=error}. The exception is never swallowed; closing
 * never throws. {@link #time} does the same around a callable.
 */
public final class PerformanceMonitor implements AutoCloseable {

    private final PerformanceMetrics metrics;

    private final String operation;

    private final long started = System.nanoTime();

    private boolean succeeded;

    private boolean closed;

    private PerformanceMonitor(PerformanceMetrics metrics, String operation) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.operation = Objects.requireNonNull(operation, "operation");
    }

    /**
     * Starts timing.
     *
     * @param metrics where to record
     * @param operation the operation's name
     * @return the running monitor
     */
    public static PerformanceMonitor start(PerformanceMetrics metrics, String operation) {
        return new PerformanceMonitor(metrics, operation);
    }

    /**
     * Times a callable, recording an error outcome if it throws, and rethrows.
     *
     * @param <T> the result's type
     * @param metrics where to record
     * @param operation the operation's name
     * @param work the work
     * @return what the work returned
     * @throws Exception what the work threw
     */
    public static <T> T time(PerformanceMetrics metrics, String operation, Callable<T> work) throws Exception {
        try (PerformanceMonitor monitor = start(metrics, operation)) {
            T result = work.call();
            monitor.success();
            return result;
        }
    }

    /** Marks the block as completed; call it last in the block. */
    public void success() {
        succeeded = true;
    }

    /** Records the sample: success if {@link #success()} was called, error otherwise. Once only. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        metrics.record(operation, System.nanoTime() - started, null, null,
                succeeded ? Outcome.SUCCESS : Outcome.ERROR, null);
    }
}
