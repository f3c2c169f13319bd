package dev.kaizen.nexus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kaizen.core.Eventually;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import tools.jackson.databind.json.JsonMapper;

/**
 * Progress notifications for a call that carries a progressToken, heartbeats on a silent call's
 * answer stream, and cancellation by the client (notification, ended session, closed stream).
 */
class McpStreamingTest {

    private static final Signature TEXT = TestAgents.textSignature();

    private static Nexus nexus;

    private static final String TEXT_X = "{\"text\":\"x\"}";

    private static RawMcp mcp;

    @BeforeAll
    static void start() {
        nexus = Nexus.builder().port(0).mcp(McpConfig.builder().heartbeat(Duration.ofMillis(50)).build()).build()
                .start();
        mcp = new RawMcp(nexus);
        Deployments.deployAsMcp(FunctionAgent.builder().name("steps").signature(TEXT).function((inputs, run) -> {
            run.progress("reading");
            run.progress("writing", 0.5);
            run.token("HEL");
            return Map.of("result", "HELLO");
        }).build(), nexus, "steps");
    }

    @AfterAll
    static void stop() {
        nexus.close();
    }

    @Test
    void aCallWithAProgressTokenHearsProgressAndTokens() {
        List<ProgressNotification> heard = new CopyOnWriteArrayList<>();
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(nexus.baseUri().toString())
                .endpoint("/mcp").jsonMapper(new JacksonMcpJsonMapper(JsonMapper.builder().build())).build())
                .requestTimeout(Duration.ofSeconds(30)).progressConsumer(heard::add).build();
        try {
            client.initialize();
            CallToolResult result = client.callTool(new CallToolRequest("steps", Map.of("text", "hi"),
                    Map.of("progressToken", "p-1")));

            assertThat(result.isError()).isFalse();
            // The SDK's sync client hands each notification to the consumer on a thread of its own, so
            // they may arrive after callTool returns and out of order; their progress counter gives
            // the order they were sent in.
            List<ProgressNotification> first = sortedByProgress(awaitNotifications(heard, "p-1", 3));
            assertThat(first).extracting(ProgressNotification::message).containsExactly("reading", "writing (50%)",
                    "HEL");
            assertThat(first).extracting(ProgressNotification::progress).containsExactly(1.0, 2.0, 3.0);
            assertThat(first).extracting(ProgressNotification::progressToken).containsOnly("p-1");

            heard.clear();
            client.callTool(new CallToolRequest("steps", Map.of("text", "hi")));
            // Silence cannot be awaited: a later call with a token marks the end instead. Whatever the
            // call without one had caused would have been sent before that call's answer, so before
            // the marker's.
            client.callTool(new CallToolRequest("steps", Map.of("text", "hi"), Map.of("progressToken", "p-2")));
            awaitNotifications(heard, "p-2", 3);
            assertThat(heard).as("no token, no notifications").extracting(ProgressNotification::progressToken)
                    .containsOnly("p-2");
        }
        finally {
            client.closeGracefully();
        }
    }

    @Test
    void notificationsCancelledCancelsTheRunAndItsCallAnswersCancelled() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        deployWaiting("waits-cancel", running, interrupted);
        String session = mcp.initialize();

        CompletableFuture<HttpResponse<String>> call = mcp.call(session, "7", "waits-cancel", TEXT_X);
        assertThat(running.await(Eventually.SECONDS, TimeUnit.SECONDS)).isTrue();
        mcp.cancel(session, "7");

        assertThat(interrupted.await(Eventually.SECONDS, TimeUnit.SECONDS)).as("the agent was interrupted").isTrue();
        assertThat(call.get(Eventually.SECONDS, TimeUnit.SECONDS).body()).contains("\"isError\":true", "cancelled");
    }

    /**
     * The call runs on the request's own thread, which writes its progress notifications: a cancel
     * must not interrupt a write (that closes the connection, and the SDK then ends the session).
     */
    @Test
    void aCancelWhileTokensAreWrittenAnswersTheCallAndTheSessionLivesOn() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        Deployments.deployAsMcp(FunctionAgent.builder().name("chatty").signature(TEXT).function((inputs, run) -> {
            while (!Thread.currentThread().isInterrupted()) {
                run.token("x");
                streaming.countDown();
            }
            return Map.of("result", "stopped");
        }).build(), nexus, "chatty");
        String session = mcp.initialize();

        for (int call = 20; call < 30; call++) {
            CompletableFuture<HttpResponse<String>> answer = mcp.callWithProgress(session, Integer.toString(call),
                    "chatty", TEXT_X);
            assertThat(streaming.await(Eventually.SECONDS, TimeUnit.SECONDS)).isTrue();
            mcp.cancel(session, Integer.toString(call));

            assertThat(answer.get(Eventually.SECONDS, TimeUnit.SECONDS).body()).as("call %d", call)
                    .contains("\"id\":" + call, "\"isError\":true", "cancelled");
        }
        assertThat(mcp.send(session, "{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"tools/list\"}").statusCode())
                .as("the session lives on").isEqualTo(200);
    }

    @Test
    void aCancellationThatOvertakesItsCallCancelsItAsItStarts() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        deployWaiting("waits-overtaken", running, new CountDownLatch(1));
        String session = mcp.initialize();

        mcp.cancel(session, "\"late-1\"");
        HttpResponse<String> call = mcp.call(session, "\"late-1\"", "waits-overtaken", TEXT_X).get(10,
                TimeUnit.SECONDS);

        assertThat(call.body()).contains("\"isError\":true", "cancelled");
        assertThat(running.getCount()).as("the agent never ran").isEqualTo(1);
    }

    @Test
    void endingTheSessionCancelsItsRuns() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        deployWaiting("waits-delete", running, interrupted);
        String session = mcp.initialize();

        mcp.call(session, "8", "waits-delete", TEXT_X);
        assertThat(running.await(Eventually.SECONDS, TimeUnit.SECONDS)).isTrue();
        mcp.delete(session);

        assertThat(interrupted.await(Eventually.SECONDS, TimeUnit.SECONDS)).as("the agent was interrupted").isTrue();
    }

    @Test
    void aSilentCallsAnswerStreamCarriesHeartbeatsBetweenEvents() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Deployments.deployAsMcp(FunctionAgent.builder().name("held").signature(TEXT).function(inputs -> {
            running.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of("result", "done");
        }).build(), nexus, "held");
        String session = mcp.initialize();

        try (Socket socket = postRaw(session, toolsCall(11, "held"))) {
            BufferedReader answer = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(running.await(Eventually.SECONDS, TimeUnit.SECONDS)).isTrue();
            int beats = 0;
            for (String line = answer.readLine(); beats < 2; line = answer.readLine()) {
                assertThat(line).as("the stream is open").isNotNull();
                beats += line.equals(": keep-alive") ? 1 : 0;
            }
            release.countDown();
            String line = answer.readLine();
            while (line != null && !line.startsWith("event:")) {
                line = answer.readLine();
            }
            assertThat(line).isEqualTo("event: message");
            assertThat(answer.readLine()).as("the event's data follows its name, no comment between them")
                    .startsWith("data: ").contains("\"id\":11", "done");
        }
    }

    @Test
    void aClientThatClosesTheAnswerStreamCancelsTheRun() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        deployWaiting("waits-close", running, interrupted);
        String session = mcp.initialize();

        try (Socket socket = postRaw(session, toolsCall(12, "waits-close"))) {
            assertThat(running.await(Eventually.SECONDS, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(interrupted.await(Eventually.SECONDS, TimeUnit.SECONDS)).as("the agent was interrupted").isTrue();
    }

    @Test
    void theSdkClientReadsAnAnswerThatCarriedHeartbeats() {
        Deployments.deployAsMcp(FunctionAgent.builder().name("slowish").signature(TEXT).function(inputs -> {
            // A run longer than several heartbeats (50 ms), so that comments precede the answer.
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            return Map.of("result", "late");
        }).build(), nexus, "slowish");
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(nexus.baseUri().toString())
                .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(30)).build();
        try {
            client.initialize();
            CallToolResult result = client.callTool(new CallToolRequest("slowish", Map.of("text", "x")));

            assertThat(result.structuredContent()).isEqualTo(Map.of("result", "late"));
        }
        finally {
            client.closeGracefully();
        }
    }

    /** Waits until {@code count} notifications for {@code token} have arrived; all heard then. */
    private static List<ProgressNotification> awaitNotifications(List<ProgressNotification> heard, String token,
            int count) {
        return Eventually.until(() -> List.copyOf(heard),
                all -> all.stream().filter(n -> token.equals(n.progressToken())).count() >= count);
    }

    private static List<ProgressNotification> sortedByProgress(List<ProgressNotification> notifications) {
        return notifications.stream().sorted(java.util.Comparator.comparingDouble(ProgressNotification::progress))
                .toList();
    }

    /** A tools/call on a socket of its own, so that the test can close the connection itself. */
    private static Socket postRaw(String session, String body) throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), nexus.baseUri().getPort());
        socket.setSoTimeout(10_000); // a stream that stays silent fails the test instead of hanging it
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + nexus.baseUri().getPort()
                + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                + "Mcp-Session-Id: " + session + "\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    private static void deployWaiting(String name, CountDownLatch running, CountDownLatch interrupted) {
        Deployments.deployAsMcp(TestAgents.waitingForCancel(name, running, interrupted), nexus, name);
    }

    private static String toolsCall(int id, String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + TEXT_X + "}}";
    }
}
