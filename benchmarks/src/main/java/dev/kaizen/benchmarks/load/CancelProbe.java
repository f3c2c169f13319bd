package dev.kaizen.benchmarks.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import dev.kaizen.core.AgentConfig;
import dev.kaizen.core.ChatAgent;
import dev.kaizen.core.ChatCompletionsServer;
import dev.kaizen.core.FieldType;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;

/**
 * How long a cancellation takes to reach the model: from the client's cancel (a REST client
 * closing its event stream; an MCP {@code notifications/cancelled}) to the loopback
 * OpenAI-compatible model server finding its client gone. The model streams a chunk every
 * millisecond, so it notices a closed connection within about a millisecond. Run from the load jar
 * with {@code -Dloader.main=dev.kaizen.benchmarks.load.CancelProbe}; prints one JSON line per channel.
 */
public final class CancelProbe {

    private static final Signature QA = Signature.builder().input("question", FieldType.STRING, "a question")
            .output("answer", FieldType.STRING, "the answer").build();

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private CancelProbe() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        try (ChatCompletionsServer model = new ChatCompletionsServer();
                Nexus nexus = Nexus.builder().port(0).build().start()) {
            model.stream(Duration.ofMillis(1), "x".repeat(10_000).split(""));
            Deployments.deployMultiChannel(ChatAgent.builder().name("qa").description("Answers").signature(QA)
                    .config(AgentConfig.builder().provider("openai").baseUrl(model.baseUrl()).model("m").build())
                    .build(), nexus, "qa");
            HttpClient http = HttpClient.newHttpClient();
            URI base = nexus.baseUri();
            rest(base, model, runs / 5); // warm-up
            report("rest-cancel-to-model-hang-up", rest(base, model, runs));
            Mcp mcp = new Mcp(http, base.resolve("/mcp"));
            mcp(mcp, model, runs / 5);
            report("mcp-cancel-to-model-hang-up", mcp(mcp, model, runs));
        }
    }

    /** Over a socket of its own, so that closing it closes the connection at once. */
    private static Histogram rest(URI base, ChatCompletionsServer model, int runs) throws Exception {
        byte[] body = "{\"inputs\":{\"question\":\"q\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /api/workflows/qa/execute HTTP/1.1\r\nHost: " + base.getAuthority()
                + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        Histogram latency = new Histogram(3);
        for (int i = 0; i < runs; i++) {
            model.hungUpNanos = 0;
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(head);
                out.write(body);
                out.flush();
                BufferedReader lines = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null && !line.replace(" ", "").equals("event:token");
                        line = lines.readLine()) {
                    // until the model is streaming
                }
                long cancelled = System.nanoTime();
                socket.close();
                latency.recordValue(awaitHangUp(model, cancelled));
            }
        }
        return latency;
    }

    private static Histogram mcp(Mcp mcp, ChatCompletionsServer model, int runs) throws Exception {
        String session = mcp.initialize();
        Histogram latency = new Histogram(3);
        for (int i = 0; i < runs; i++) {
            model.hungUpNanos = 0;
            model.chunksWritten = 0;
            CompletableFuture<HttpResponse<Void>> call = mcp.send(session, "{\"jsonrpc\":\"2.0\",\"id\":" + (i + 10)
                    + ",\"method\":\"tools/call\",\"params\":{\"name\":\"qa\",\"arguments\":{\"question\":\"q\"},"
                    + "\"_meta\":{\"progressToken\":" + i + "}}}");
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (model.chunksWritten == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            long cancelled = System.nanoTime();
            mcp.send(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":"
                    + (i + 10) + "}}");
            latency.recordValue(awaitHangUp(model, cancelled));
            call.get(10, TimeUnit.SECONDS);
        }
        return latency;
    }

    /** @return nanoseconds from {@code cancelled} until the model found its client gone */
    private static long awaitHangUp(ChatCompletionsServer model, long cancelled) {
        long deadline = cancelled + DEADLINE_NANOS;
        while (model.hungUpNanos == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        if (model.hungUpNanos == 0) {
            throw new IllegalStateException("the model call was not closed within 10 s of the cancel");
        }
        return Math.max(0, model.hungUpNanos - cancelled);
    }

    private static void report(String figure, Histogram latency) {
        System.out.printf(Locale.ROOT, "{\"figure\":\"%s\",\"count\":%d,\"p50Millis\":%.2f,\"p90Millis\":%.2f,"
                + "\"maxMillis\":%.2f}%n", figure, latency.getTotalCount(), latency.getValueAtPercentile(50) / 1e6,
                latency.getValueAtPercentile(90) / 1e6, latency.getMaxValue() / 1e6);
    }

    /** MCP over plain HTTP: the SDK client has no way to send notifications/cancelled. */
    private record Mcp(HttpClient http, URI endpoint) {

        String initialize() throws Exception {
            HttpResponse<Void> initialized = send(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                    + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"cancel-probe\",\"version\":\"1\"}}}").get(10, TimeUnit.SECONDS);
            String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
            send(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").get(10, TimeUnit.SECONDS);
            return session;
        }

        CompletableFuture<HttpResponse<Void>> send(String session, String message) {
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(message));
            if (session != null) {
                request.header("Mcp-Session-Id", session);
            }
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        }
    }
}
