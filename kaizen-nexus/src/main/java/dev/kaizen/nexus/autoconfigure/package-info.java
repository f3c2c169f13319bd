/**
 * Spring Boot auto-configuration: a {@link dev.kaizen.nexus.Nexus} bean served by the
 * application's web server, configured by {@code kaizen.nexus.*} properties.
 */
@NullMarked
package dev.kaizen.nexus.autoconfigure;

import org.jspecify.annotations.NullMarked;
