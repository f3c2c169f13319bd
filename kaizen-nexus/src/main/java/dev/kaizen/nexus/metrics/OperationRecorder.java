package dev.kaizen.nexus.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;

/**
 * The samples of one operation in bounded memory: an HdrHistogram for percentiles (2 significant
 * digits, so within 1%, from 1 ns to 1 hour; longer samples count as 1 hour there), and exact
 * count, sum, min and max beside it. Recording is lock-free: adders and the histogram's atomic
 * counters, no lock on the hot path.
 */
final class OperationRecorder {

    static final long HIGHEST_NANOS = Duration.ofHours(1).toNanos();

    private final String operation;

    private final ConcurrentHistogram histogram = new ConcurrentHistogram(1, HIGHEST_NANOS, 2);

    private final LongAdder count = new LongAdder();

    private final LongAdder sum = new LongAdder();

    private final LongAccumulator min = new LongAccumulator(Math::min, Long.MAX_VALUE);

    private final LongAccumulator max = new LongAccumulator(Math::max, Long.MIN_VALUE);

    OperationRecorder(String operation) {
        this.operation = operation;
    }

    void record(long nanos) {
        long value = Math.max(1, nanos);
        histogram.recordValue(Math.min(value, HIGHEST_NANOS));
        count.increment();
        sum.add(value);
        min.accumulate(value);
        max.accumulate(value);
    }

    OperationStats stats() {
        long samples = count.sum();
        if (samples == 0) {
            return new OperationStats(operation, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                    Duration.ZERO, Duration.ZERO);
        }
        return new OperationStats(operation, samples, Duration.ofNanos(Math.round((double) sum.sum() / samples)),
                percentile(50), Duration.ofNanos(min.get()), Duration.ofNanos(max.get()), percentile(95),
                percentile(99));
    }

    void reset() {
        histogram.reset();
        count.reset();
        sum.reset();
        min.reset();
        max.reset();
    }

    private Duration percentile(double percentile) {
        // Highest-equivalent values overstate by up to a bucket; the median of the bucket is closer.
        long raw = histogram.getValueAtPercentile(percentile);
        return Duration.ofNanos(histogram.medianEquivalentValue(raw));
    }
}
