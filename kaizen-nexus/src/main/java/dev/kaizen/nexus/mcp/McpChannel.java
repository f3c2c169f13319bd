package dev.kaizen.nexus.mcp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.modelcontextprotocol.common.McpTransportContext;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.channel.Channel;
import dev.kaizen.nexus.channel.ChannelContext;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.deploy.Deployment;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/**
 * The MCP channel: each deployment is a tool of the same name on every attached MCP server (the
 * Streamable HTTP one, the stdio one, or both).
 *
 * <h2>Tools</h2>
 * A tool's description is the agent's; its input schema is the signature's plus an optional
 * {@code sessionId}; its output schema is the outputs' plus the same {@code sessionId}. Adding or
 * replacing a tool makes the SDK send {@code notifications/tools/list_changed} to connected
 * clients. A call looks its deployment up by name at call time, so a redeploy swaps the workflow
 * for the next call while a call in flight finishes on the old one.
 *
 * <h2>Concurrency</h2>
 * Exposing, withdrawing and attaching are serialised on this object, so a server attached while
 * tools change still ends up with exactly the current tools. Calls never lock.
 */
public final class McpChannel implements Channel {

    private final Map<String, Deployment> served = new ConcurrentHashMap<>();

    /** Guarded by {@code this} for writes; read without locking by iteration. */
    private final List<McpSyncServer> servers = new CopyOnWriteArrayList<>();

    private volatile @Nullable McpToolCall toolCall;

    private final McpRuns runs = new McpRuns();

    @Override
    public ChannelId id() {
        return ChannelId.MCP;
    }

    @Override
    public void attach(ChannelContext context) {
        this.toolCall = new McpToolCall(served::get, context);
    }

    @Override
    public String address(Deployment deployment) {
        return deployment.name();
    }

    @Override
    public synchronized void expose(Deployment deployment) {
        SyncToolSpecification tool = toolOf(deployment);
        Deployment previous = served.get(deployment.name());
        int updated = 0;
        try {
            for (McpSyncServer server : servers) {
                server.addTool(tool);
                updated++;
            }
        }
        catch (RuntimeException failure) {
            // Put the servers already changed back as they were, so the channel stays consistent.
            for (McpSyncServer server : servers.subList(0, updated)) {
                if (previous != null) {
                    server.addTool(toolOf(previous));
                }
                else {
                    server.removeTool(deployment.name());
                }
            }
            throw failure;
        }
        served.put(deployment.name(), deployment);
    }

    @Override
    public synchronized void withdraw(String name) {
        if (served.remove(name) != null) {
            for (McpSyncServer server : servers) {
                server.removeTool(name);
            }
        }
    }

    /**
     * Builds a server that starts with every current tool, and keeps its tools in step from then
     * on. Starting with the tools (rather than adding them to a running server) sends no
     * {@code list_changed} to a client that has not even initialised yet.
     *
     * @param build builds the server with the given initial tools
     * @return the server built
     */
    public synchronized McpSyncServer attach(Function<List<SyncToolSpecification>, McpSyncServer> build) {
        List<SyncToolSpecification> tools = served.values().stream().map(this::toolOf).toList();
        McpSyncServer server = build.apply(tools);
        servers.add(server);
        return server;
    }

    /**
     * @param nexus a Nexus
     * @return its MCP channel
     * @throws IllegalStateException if it has none
     */
    public static McpChannel of(Nexus nexus) {
        return nexus.channel(McpChannel.class).orElseThrow(
                () -> new IllegalStateException("this Nexus has no MCP channel; its channels are " + nexus.channelIds()));
    }

    /**
     * Stops updating a server's tools.
     *
     * @param server a server attached before
     */
    public synchronized void detach(McpSyncServer server) {
        servers.remove(server);
    }

    /**
     * @param name a deployment name
     * @return the deployment served as that tool, or {@code null}
     */
    public @Nullable Deployment lookup(String name) {
        return served.get(name);
    }

    /** Runs a tool call as the MCP servers do, without a transport (for tests), as a local caller. */
    CallToolResult toolCall(String name, CallToolRequest request) {
        return attached().call(name, request, Caller.local());
    }

    /** @return the tool calls running over MCP HTTP, for the request guard to cancel */
    McpRuns runs() {
        return runs;
    }

    /**
     * @param request an MCP HTTP request
     * @return its transport context, which carries its caller to the tool call
     */
    McpTransportContext transportContext(HttpServletRequest request) {
        return McpToolCall.transportContext(request, attached().context());
    }

    /**
     * @param request an MCP HTTP request
     * @return its caller; a request the Nexus would refuse counts as an anonymous one (the tool
     *     call itself refuses it)
     */
    Caller callerOf(HttpServletRequest request) {
        return McpToolCall.callerOrRefusal(request, attached().context()) instanceof Caller caller ? caller
                : Caller.anonymous(request.getRemoteAddr());
    }

    /**
     * @param caller who asks
     * @param tool a tool name
     * @return whether the caller may call the tool, and so sees it in {@code tools/list}
     */
    boolean visibleTo(Caller caller, String tool) {
        return attached().context().admin().mayCall(caller, tool);
    }

    /**
     * @param caller who calls
     * @param tool the tool a {@code tools/call} names
     * @return whether the caller may call it: it is deployed and the caller's scopes allow it. A
     *     call of a deployed tool hidden from the caller is audited as refused, though the caller
     *     is told no more than of a tool that does not exist
     */
    boolean callable(Caller caller, String tool) {
        if (!served.containsKey(tool)) {
            return false;
        }
        if (visibleTo(caller, tool)) {
            return true;
        }
        attached().context().hiddenCallRefused(caller, tool);
        return false;
    }

    private McpToolCall attached() {
        McpToolCall call = toolCall;
        if (call == null) {
            throw new IllegalStateException("the MCP channel is not attached to a Nexus");
        }
        return call;
    }

    private SyncToolSpecification toolOf(Deployment deployment) {
        McpToolSchemas schemas = deployment.channelSpec(ChannelId.MCP, McpToolSchemas::of);
        String name = deployment.name();
        McpToolCall call = attached();
        McpSchema.Tool tool = McpSchema.Tool.builder()
                .name(name)
                .description(schemas.description())
                .inputSchema(schemas.input())
                .outputSchema(schemas.output())
                .build();
        return SyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, request) -> {
                    Object runKey = exchange.transportContext() == null ? null
                            : exchange.transportContext().get(McpRuns.RUN_KEY);
                    if (runKey == null) {
                        runKey = StdioCancellations.runKeyOf(request.meta()); // stdio has no transport context
                    }
                    Object progressToken = request.meta() == null ? null : request.meta().get("progressToken");
                    try (McpProgress progress = new McpProgress(exchange, progressToken, runs,
                            runKey instanceof String key ? key : null)) {
                        return call.call(name, request, McpToolCall.callerOf(exchange.transportContext()), progress);
                    }
                    catch (CallFailure refused) {
                        return McpToolCall.error(refused);
                    }
                })
                .build();
    }
}
