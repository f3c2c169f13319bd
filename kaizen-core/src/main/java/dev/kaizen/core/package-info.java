/**
 * Kaizen's core: agents, their signatures, and the workflows built from them.
 *
 * <p>An {@link dev.kaizen.core.Agent} is written once; {@link dev.kaizen.core.Agent#toWorkflow()}
 * turns it into an immutable {@link dev.kaizen.core.Workflow} that any channel (REST, shell, MCP)
 * can execute. Nothing in this package knows about web servers, shells or MCP.
 */
@NullMarked
package dev.kaizen.core;

import org.jspecify.annotations.NullMarked;
