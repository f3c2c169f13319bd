/**
 * The MCP channel: every deployed workflow is an MCP tool, over Streamable HTTP at {@code /mcp}
 * and over stdio, on the plain MCP Java SDK transports.
 */
@NullMarked
package dev.kaizen.nexus.mcp;

import org.jspecify.annotations.NullMarked;
