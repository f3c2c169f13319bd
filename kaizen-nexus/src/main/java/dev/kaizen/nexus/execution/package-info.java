/**
 * The execution path every channel shares: session, then the workflow, then (with metrics) timing.
 * Channels only translate their wire format to and from it.
 */
@NullMarked
package dev.kaizen.nexus.execution;

import org.jspecify.annotations.NullMarked;
