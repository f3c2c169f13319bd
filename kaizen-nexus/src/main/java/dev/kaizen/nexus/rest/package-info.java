/**
 * The REST channel: {@code POST {prefix}/{name}/execute}, listing, description, OpenAPI and
 * health, with RFC 9457 problem details for every error.
 *
 * <p>Public API: {@link dev.kaizen.nexus.rest.RestChannel} and {@link dev.kaizen.nexus.rest.RestConfig}.
 * Internal wiring, which may change without notice: {@link dev.kaizen.nexus.rest.RestRouter}
 * (registered by the auto-configuration) and the package-private handlers.
 */
@NullMarked
package dev.kaizen.nexus.rest;

import org.jspecify.annotations.NullMarked;
