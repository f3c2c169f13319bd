/**
 * The REST channel: {@code POST {prefix}/{name}/execute}, listing, description, OpenAPI and
 * health, with RFC 9457 problem details for every error.
 */
@NullMarked
package dev.kaizen.nexus.rest;

import org.jspecify.annotations.NullMarked;
