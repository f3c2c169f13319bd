/**
 * Spring Boot auto-configuration: a {@link dev.kaizen.nexus.Nexus} bean served by the
 * application's web server, configured by {@code kaizen.nexus.*} properties
 * ({@link dev.kaizen.nexus.autoconfigure.NexusProperties}). The configuration classes are internal
 * wiring and may change without notice.
 */
@NullMarked
package dev.kaizen.nexus.autoconfigure;

import org.jspecify.annotations.NullMarked;
