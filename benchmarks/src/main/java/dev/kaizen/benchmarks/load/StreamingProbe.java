package dev.kaizen.benchmarks.load;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import dev.kaizen.core.FieldType;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;

/**
 * Streaming figures, in one JVM with a fixed heap (run from the load jar with
 * {@code -Dloader.main=dev.kaizen.benchmarks.load.StreamingProbe}). {@code first-token}: the time
 * from an agent's {@code token(...)} call to its client reading that token, as a REST
 * {@code token} event and as an MCP {@code notifications/progress} (the agent writes
 * {@link System#nanoTime()} as the token; client and server share the clock). {@code open-streams}:
 * the heap after GC with 1,000 SSE answers open at once (each run waits), minus before. Prints one
 * JSON line per figure.
 */
public final class StreamingProbe {

    private static final Signature TEXT = Signature.builder().input("text", FieldType.STRING, "a text")
            .output("result", FieldType.STRING, "the result").build();

    private StreamingProbe() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int streams = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        CountDownLatch holding = new CountDownLatch(streams);
        CountDownLatch release = new CountDownLatch(1);
        try (Nexus nexus = Nexus.builder().port(0).build().start()) {
            Deployments.deployMultiChannel(FunctionAgent.builder().name("stamp").signature(TEXT).function((in, run) -> {
                run.token(Long.toString(System.nanoTime()));
                return Map.of("result", "ok");
            }).build(), nexus, "stamp");
            Deployments.deployAsApi(FunctionAgent.builder().name("hold").signature(TEXT).timeout(Duration.ofMinutes(5))
                    .function(in -> {
                        holding.countDown();
                        try {
                            release.await();
                        }
                        catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return Map.of("result", "released");
                    }).build(), nexus, "hold");
            URI base = nexus.baseUri();
            restFirstToken(base, requests / 4); // warm-up
            report("rest-first-token", restFirstToken(base, requests));
            mcpFirstToken(base, requests / 4);
            report("mcp-first-token", mcpFirstToken(base, requests));
            openStreams(base, streams, holding, release);
        }
    }

    private static Histogram restFirstToken(URI base, int requests) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/workflows/stamp/execute"))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"text\":\"x\"}}")).build();
        Histogram latency = new Histogram(3);
        for (int i = 0; i < requests; i++) {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                boolean token = false;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("event:") && line.substring(6).strip().equals("token")) {
                        token = true;
                    }
                    else if (token && line.startsWith("data:")) {
                        long now = System.nanoTime();
                        String data = line.substring(5).strip();
                        long stamp = Long.parseLong(data.substring(data.indexOf(":\"") + 2, data.lastIndexOf('"')));
                        latency.recordValue(Math.max(0, now - stamp));
                        token = false;
                    }
                }
            }
        }
        return latency;
    }

    private static Histogram mcpFirstToken(URI base, int requests) {
        Histogram latency = new ConcurrentHistogram(3); // the client hears notifications on its own thread
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(base.toString())
                .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(30))
                .progressConsumer(progress -> latency.recordValue(Math.max(0,
                        System.nanoTime() - Long.parseLong(progress.message()))))
                .build();
        try {
            client.initialize();
            for (int i = 0; i < requests; i++) {
                client.callTool(new CallToolRequest("stamp", Map.of("text", "x"), Map.of("progressToken", i)));
            }
        }
        finally {
            client.closeGracefully();
        }
        return latency;
    }

    private static void openStreams(URI base, int streams, CountDownLatch holding, CountDownLatch release)
            throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        List<Socket> sockets = new ArrayList<>(streams);
        byte[] body = "{\"inputs\":{\"text\":\"x\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /api/workflows/hold/execute HTTP/1.1\r\nHost: " + base.getAuthority()
                + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < streams; i++) {
            Socket socket = new Socket(base.getHost(), base.getPort());
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            sockets.add(socket);
        }
        boolean allRunning = holding.await(2, TimeUnit.MINUTES);
        long during = usedAfterGc(memory);
        System.out.printf(Locale.ROOT, "{\"figure\":\"open-streams\",\"streams\":%d,\"allRunning\":%b,"
                + "\"extraHeapBytes\":%d,\"bytesPerStream\":%.0f}%n", streams, allRunning, during - before,
                (during - before) / (double) streams);
        release.countDown();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void report(String figure, Histogram latency) {
        System.out.printf(Locale.ROOT, "{\"figure\":\"%s\",\"count\":%d,\"p50Micros\":%.1f,\"p90Micros\":%.1f,"
                + "\"p99Micros\":%.1f}%n", figure, latency.getTotalCount(), latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(90) / 1000.0, latency.getValueAtPercentile(99) / 1000.0);
    }
}
