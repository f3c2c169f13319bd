package dev.kaizen.nexus.mcp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kaizen.core.InvalidInputException;
import dev.kaizen.core.KaizenException;
import dev.kaizen.core.RunContext;
import dev.kaizen.core.WorkflowResult;
import dev.kaizen.nexus.ChannelType;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.execution.WorkflowExecutor;
import dev.kaizen.nexus.session.SessionIds;
import dev.kaizen.nexus.session.SessionNotFoundException;
import dev.kaizen.nexus.session.SessionStateTooLargeException;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one {@code tools/call}: takes {@code sessionId} out of the arguments, executes the
 * deployment's workflow, and answers with the outputs as structured content and as JSON text.
 * Every failure is a tool result with {@code isError: true} and a plain message that names the
 * fields at fault; nothing a client sends can make it throw.
 */
final class McpToolCall {

    private static final Logger log = LoggerFactory.getLogger(McpToolCall.class);

    private final Function<String, @Nullable Deployment> deployments;

    private final WorkflowExecutor executor;

    private final JsonMapper json;

    McpToolCall(Function<String, @Nullable Deployment> deployments, WorkflowExecutor executor, JsonMapper json) {
        this.deployments = deployments;
        this.executor = executor;
        this.json = json;
    }

    CallToolResult call(String name, CallToolRequest request) {
        Deployment deployment = deployments.apply(name);
        if (deployment == null) {
            return error("no workflow named '" + name + "' is deployed on MCP");
        }
        Map<String, Object> arguments = request.arguments() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(request.arguments());
        Object session = arguments.remove(McpToolSchemas.SESSION_ID);
        if (session != null && !(session instanceof String id && SessionIds.isValid(id))) {
            return error("invalid inputs: sessionId: " + RunContext.SESSION_ID_RULE);
        }
        String sessionId = (String) session;
        try {
            WorkflowResult result = executor.execute(deployment, arguments, sessionId, ChannelType.MCP).result();
            Map<String, Object> structured = new LinkedHashMap<>(result.outputs());
            if (sessionId != null) {
                structured.put(McpToolSchemas.SESSION_ID, sessionId);
            }
            return CallToolResult.builder().structuredContent(structured)
                    .addTextContent(json.writeValueAsString(structured)).isError(false).build();
        }
        catch (InvalidInputException | SessionNotFoundException | SessionStateTooLargeException e) {
            return error(e.getMessage()); // the caller's to fix: nothing to log
        }
        catch (KaizenException e) {
            log.error("[{}] MCP tool '{}' failed", correlationId(), name, e);
            return error(e.getMessage());
        }
        catch (RuntimeException e) {
            String id = correlationId();
            log.error("[{}] MCP tool '{}' failed unexpectedly", id, name, e);
            return error("the server failed to run the tool; quote correlation id " + id);
        }
    }

    private static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    private static String correlationId() {
        return UUID.randomUUID().toString();
    }
}
