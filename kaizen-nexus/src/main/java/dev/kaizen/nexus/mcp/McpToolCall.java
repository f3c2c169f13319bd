package dev.kaizen.nexus.mcp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.modelcontextprotocol.common.McpTransportContext;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.kaizen.core.FieldType;
import dev.kaizen.core.WorkflowResult;
import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.channel.ChannelContext;
import dev.kaizen.nexus.channel.RunListener;
import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.deploy.Deployment;
import dev.kaizen.nexus.execution.FailureClassifier;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/**
 * Runs one {@code tools/call}: takes {@code sessionId} out of the arguments, executes the
 * deployment's workflow, and answers with the outputs as structured content and as JSON text.
 * Every failure is a tool result with {@code isError: true} ({@link #error(CallFailure)}, the MCP
 * column of the failure table); nothing a client sends can make it throw.
 */
final class McpToolCall {

    private final Function<String, @Nullable Deployment> deployments;

    private final ChannelContext context;

    McpToolCall(Function<String, @Nullable Deployment> deployments, ChannelContext context) {
        this.deployments = deployments;
        this.context = context;
    }

    ChannelContext context() {
        return context;
    }

    /** Where the HTTP transport's context holds the caller (or why there is none). */
    static final String CALLER = "kaizen.caller";

    /**
     * @param request an MCP HTTP request, as the transport's context extractor sees it
     * @param context the channel's context
     * @return the transport context: the request's caller, or the failure that refuses it
     */
    static McpTransportContext transportContext(HttpServletRequest request, ChannelContext context) {
        Object caller = callerOrRefusal(request, context);
        Object runKey = request.getAttribute(McpRuns.RUN_KEY);
        return McpTransportContext.create(runKey == null ? Map.of(CALLER, caller)
                : Map.of(CALLER, caller, McpRuns.RUN_KEY, runKey));
    }

    /**
     * @param request an MCP HTTP request
     * @param context the channel's context
     * @return the request's {@link Caller}, or the {@link CallFailure} that refuses it
     */
    static Object callerOrRefusal(HttpServletRequest request, ChannelContext context) {
        try {
            return context.caller(request);
        }
        catch (CallFailure refused) {
            return refused;
        }
    }

    /**
     * @param transport the call's transport context: an HTTP request's carries its caller; stdio
     *     has none, and its caller is local
     */
    static Caller callerOf(@Nullable McpTransportContext transport) {
        Object caller = transport == null ? null : transport.get(CALLER);
        if (caller instanceof CallFailure refused) {
            throw refused;
        }
        return caller instanceof Caller known ? known : Caller.local();
    }

    CallToolResult call(String name, CallToolRequest request, Caller caller) {
        return call(name, request, caller, RunListener.NONE);
    }

    /** Runs the call, telling {@code listener} of the run's start, progress and tokens. */
    CallToolResult call(String name, CallToolRequest request, Caller caller, RunListener listener) {
        try {
            Deployment deployment = deployments.apply(name);
            if (deployment == null) {
                throw CallFailure.of(FailureKind.NOT_FOUND, "no workflow named '" + name + "' is deployed on MCP");
            }
            Map<String, Object> arguments = request.arguments() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(request.arguments());
            Object session = arguments.remove(McpToolSchemas.SESSION_ID);
            if (session != null && !(session instanceof String)) {
                throw CallFailure.of(FailureKind.INVALID_SESSION_ID,
                        "sessionId: expected string, got " + FieldType.jsonTypeOf(session));
            }
            String sessionId = (String) session;
            WorkflowResult result = context.execute(deployment, arguments, sessionId, caller, listener).result();
            Map<String, Object> structured = new LinkedHashMap<>(result.outputs());
            if (sessionId != null) {
                structured.put(McpToolSchemas.SESSION_ID, sessionId);
            }
            return CallToolResult.builder().structuredContent(structured)
                    .addTextContent(context.json().writeValueAsString(structured)).isError(false).build();
        }
        catch (RuntimeException e) {
            return error(FailureClassifier.classify(e, "MCP tool '" + name + "'"));
        }
    }

    /**
     * The MCP column of the failure table: every kind is a tool result with {@code isError: true}
     * whose text is the message (caller errors name the field at fault); server-side failures add
     * the correlation id they were logged under.
     */
    static CallToolResult error(CallFailure failure) {
        String logged = switch (failure.kind()) {
            case INVALID_INPUTS, INVALID_REQUEST, INVALID_SESSION_ID, SESSION_REQUIRED, SESSION_NOT_FOUND,
                    SESSION_EXISTS, SESSION_STATE_TOO_LARGE, SESSION_QUOTA_EXCEEDED, NOT_FOUND, PAYLOAD_TOO_LARGE,
                    UNAUTHENTICATED, FORBIDDEN, RATE_LIMITED, CANCELLED, OVERLOADED, SHUTTING_DOWN, INSTANCE_LOST,
                    SESSION_STORE_UNAVAILABLE, SESSION_STORE_FULL -> "";
            case TIMEOUT, MODEL_RATE_LIMITED, MODEL_UNAVAILABLE, AGENT_FAILURE, INTERNAL ->
                failure.correlationId() == null ? "" : " (correlation id " + failure.correlationId() + ")";
        };
        String retry = failure.retryAfter() == null ? ""
                : "; try again in " + failure.retryAfterSeconds() + " s";
        return CallToolResult.builder().addTextContent(failure.getMessage() + retry + logged).isError(true).build();
    }
}
