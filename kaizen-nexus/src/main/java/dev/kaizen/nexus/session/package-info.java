/**
 * Sessions shared by every channel: {@link dev.kaizen.nexus.session.NexusSessionManager} with
 * sliding TTL expiry, periodic cleanup and atomic state merges, over a
 * {@link dev.kaizen.nexus.session.SessionStore}: in memory (Caffeine) or in Redis.
 */
@NullMarked
package dev.kaizen.nexus.session;

import org.jspecify.annotations.NullMarked;
