/**
 * Timing that is always on: {@link dev.kaizen.nexus.metrics.PerformanceMetrics} keeps a bounded,
 * exact-enough histogram per operation and feeds Micrometer;
 * {@link dev.kaizen.nexus.metrics.PerformanceMonitor} times a block; targets turn the figures into a
 * {@link dev.kaizen.nexus.metrics.PerformanceReport}.
 */
@NullMarked
package dev.kaizen.nexus.metrics;

import org.jspecify.annotations.NullMarked;
