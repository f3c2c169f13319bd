package dev.kaizen.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.ConcurrentHistogram;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code tools/call} load with the MCP Java SDK's own client, in a process of its own:
 * {@code McpLoadClient <base url> <endpoint> <tool> <concurrency> <seconds>}. Each of the
 * {@code concurrency} virtual threads has its own MCP session and calls in a loop until the time
 * is up (bounded, and it stops by itself). Prints one JSON line: calls, errors, calls/s and
 * p50/p99/p99.9 latency in µs.
 */
public final class McpLoadClient {

    private McpLoadClient() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String endpoint = args[1];
        String tool = args[2];
        int concurrency = Integer.parseInt(args[3]);
        Duration duration = Duration.ofSeconds(Long.parseLong(args[4]));
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(JsonMapper.builder().build());
        List<McpSyncClient> clients = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(base).endpoint(endpoint)
                    .jsonMapper(json).build()).requestTimeout(Duration.ofSeconds(30)).build();
            client.initialize();
            clients.add(client);
        }
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        long end = System.nanoTime() + duration.toNanos();
        List<Future<long[]>> results = new ArrayList<>();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (McpSyncClient client : clients) {
                results.add(pool.submit(() -> {
                    long calls = 0;
                    long errors = 0;
                    CallToolRequest request = new CallToolRequest(tool, Map.of("text", "hello"));
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            if (Boolean.TRUE.equals(client.callTool(request).isError())) {
                                errors++;
                            }
                        }
                        catch (RuntimeException e) {
                            errors++;
                        }
                        latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                        calls++;
                    }
                    return new long[] { calls, errors };
                }));
            }
            long calls = 0;
            long errors = 0;
            for (Future<long[]> result : results) {
                long[] counts = result.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
                calls += counts[0];
                errors += counts[1];
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(java.util.Locale.ROOT,
                    "{\"calls\":%d,\"errors\":%d,\"perSecond\":%.1f,\"p50us\":%d,\"p99us\":%d,\"p999us\":%d}%n", calls,
                    errors, calls / seconds, latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                    latency.getValueAtPercentile(99.9));
        }
        clients.forEach(McpSyncClient::closeGracefully);
    }
}
