/**
 * The execution path every channel shares: session, then the workflow, then timing, with every
 * failure classified once ({@link dev.kaizen.nexus.execution.FailureClassifier}).
 *
 * <p>Internal wiring, which may change without notice: channels reach it through
 * {@link dev.kaizen.nexus.channel.ChannelContext}.
 */
@NullMarked
package dev.kaizen.nexus.execution;

import org.jspecify.annotations.NullMarked;
