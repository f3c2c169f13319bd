/**
 * The Kaizen platform: deploys workflows on every channel a {@link dev.kaizen.nexus.Nexus} has
 * (REST, the shell, MCP, and any {@link dev.kaizen.nexus.channel.Channel} of your own) with shared
 * sessions and built-in timing. Start with {@link dev.kaizen.nexus.Nexus} and
 * {@link dev.kaizen.nexus.Deployments}; docs/architecture.md maps the packages.
 */
@NullMarked
package dev.kaizen.nexus;

import org.jspecify.annotations.NullMarked;
