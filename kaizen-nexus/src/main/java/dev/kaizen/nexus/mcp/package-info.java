/**
 * The MCP channel: every deployed workflow is an MCP tool, over Streamable HTTP at {@code /mcp}
 * and over stdio, on the plain MCP Java SDK transports. Present when the MCP Java SDK is on the
 * class path.
 *
 * <p>Public API: {@link dev.kaizen.nexus.mcp.McpChannel} and {@link dev.kaizen.nexus.mcp.McpConfig}.
 * Internal wiring, which may change without notice: {@link dev.kaizen.nexus.mcp.McpHttpEndpoint}
 * and {@link dev.kaizen.nexus.mcp.McpStdioServer} (made by the auto-configuration).
 */
@NullMarked
package dev.kaizen.nexus.mcp;

import org.jspecify.annotations.NullMarked;
