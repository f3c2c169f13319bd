package dev.kaizen.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.rest.RestClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;

/**
 * Nothing Kaizen starts, nor any library it starts, keeps a JVM alive once the Nexus is closed:
 * after a normal run, and after a start that failed. A thread that is not a daemon and outlives
 * the application makes {@code main} return without the process ever exiting (the MCP SDK 2.1
 * transport's session sweeper was one).
 */
class ThreadsAfterCloseTest {

    @Test
    void aNexusThatServedEveryChannelLeavesNoThreadBehind() throws Exception {
        Set<Thread> before = nonDaemonThreads();
        try (Nexus nexus = Nexus.builder().port(0).build()) {
            nexus.start();
            Deployments.deployMultiChannel(TestAgents.echo("qa", "hi "), nexus, "qa");
            assertThat(new RestClient(nexus.baseUri()).execute("qa", Map.of("question", "rest")).status())
                    .isEqualTo(200);
            McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(nexus.baseUri().toString())
                    .endpoint(nexus.mcpConfig().path()).build()).build();
            try {
                client.initialize();
                assertThat(client.callTool(new CallToolRequest("qa", Map.of("question", "mcp"))).isError())
                        .isNotEqualTo(Boolean.TRUE);
            }
            finally {
                client.closeGracefully();
            }
        }
        assertNoNewNonDaemonThreads(before);
    }

    @Test
    void aNexusThatFailedToStartLeavesNoThreadBehind() throws Exception {
        Set<Thread> before = nonDaemonThreads();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Nexus nexus = Nexus.builder().port(taken.getLocalPort()).build()) {
            assertThatThrownBy(nexus::start).hasStackTraceContaining("already in use");
        }
        assertNoNewNonDaemonThreads(before);
    }

    /** Waits (joins, up to a deadline) for every non-daemon thread started since {@code before} to end. */
    private static void assertNoNewNonDaemonThreads(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        for (Thread thread : newNonDaemonThreads(before)) {
            thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        assertThat(newNonDaemonThreads(before)).extracting(Thread::getName)
                .as("non-daemon threads still alive after close").isEmpty();
    }

    private static List<Thread> newNonDaemonThreads(Set<Thread> before) {
        return nonDaemonThreads().stream().filter(thread -> !before.contains(thread)).toList();
    }

    private static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> !thread.isDaemon() && thread.isAlive())
                .collect(Collectors.toSet());
    }
}
