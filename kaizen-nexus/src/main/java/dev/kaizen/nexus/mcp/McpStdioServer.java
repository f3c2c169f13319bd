package dev.kaizen.nexus.mcp;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.kaizen.nexus.Nexus;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP channel over stdio, for clients that launch the server as a subprocess (Claude Desktop
 * and the like): one session, JSON-RPC messages one per line on the given streams. A client's
 * {@code notifications/cancelled} cancels the run of the call it names, as over HTTP.
 *
 * <p>Nothing but protocol messages may reach {@code out}: a process serving stdio must send its
 * logs elsewhere (the Spring Boot integration sends them to stderr). {@link #awaitClosed} returns
 * when the client closes {@code in}, which is how a stdio client says it is done, once the
 * requests it sent before are answered (up to the Nexus's drain timeout).
 */
public final class McpStdioServer implements AutoCloseable {

    private final McpChannel channel;

    private final McpSyncServer server;

    private final CountDownLatch inputClosed = new CountDownLatch(1);

    private final StdioAnswers answers = new StdioAnswers();

    private McpStdioServer(Nexus nexus, JsonMapper json, InputStream in, OutputStream out) {
        JacksonMcpJsonMapper mcpJson = new JacksonMcpJsonMapper(McpErrorSerializer.install(json));
        this.channel = McpChannel.of(nexus);
        // One stdio session per server: its runs are filed under a name of their own.
        String session = "stdio-" + java.util.UUID.randomUUID();
        StdioServerTransportProvider transport = new StdioServerTransportProvider(mcpJson,
                new StdioCancellations(in, json, channel.runs(), session, answers, nexus.drainTimeout(), inputClosed),
                answers.counting(out));
        this.server = channel.attach(tools -> McpServers.build(McpServer.sync(transport), mcpJson, tools, false));
    }

    /**
     * Starts serving the Nexus's tools on the given streams.
     *
     * @param nexus the Nexus whose tools to serve
     * @param json the JSON mapper for protocol messages
     * @param in where requests arrive, usually {@code System.in}
     * @param out where responses go, usually the process's real stdout
     * @return the running server
     */
    public static McpStdioServer serve(Nexus nexus, JsonMapper json, InputStream in, OutputStream out) {
        return new McpStdioServer(nexus, json, in, out);
    }

    /**
     * Waits until the client closes the input stream and the requests it sent before are
     * answered (up to the Nexus's drain timeout).
     *
     * @param timeout the longest to wait
     * @return whether the input was closed within the time
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return inputClosed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Waits, without limit, until the client closes the input stream and its last requests are answered. */
    public void awaitClosed() throws InterruptedException {
        inputClosed.await();
    }

    /** Detaches from the channel and closes the session. */
    @Override
    public void close() {
        channel.detach(server);
        server.closeGracefully();
    }
}
