/**
 * The Kaizen platform: deploys workflows on REST, shell and MCP channels with shared sessions
 * and built-in timing.
 */
@NullMarked
package dev.kaizen.nexus;

import org.jspecify.annotations.NullMarked;
