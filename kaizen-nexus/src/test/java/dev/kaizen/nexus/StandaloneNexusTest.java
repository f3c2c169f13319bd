package dev.kaizen.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.deploy.DeploymentCache;
import dev.kaizen.nexus.rest.RestClient;

class StandaloneNexusTest {

    @Test
    void startReturnsOnceThePortAcceptsAndStopReleasesIt() throws IOException {
        // 127.0.0.2, not the default 127.0.0.1: proves the configured host is the one bound.
        Nexus nexus = Nexus.builder().port(0).host("127.0.0.2").deploymentCache(new DeploymentCache(10, Runnable::run))
                .build();
        assertThat(nexus.isRunning()).isFalse();
        assertThat(nexus.health().status()).isEqualTo(NexusHealth.Status.STOPPED);

        nexus.start();
        int port = nexus.port();
        try {
            assertThat(port).isPositive();
            assertThat(nexus.host()).isEqualTo("127.0.0.2");
            assertThat(nexus.baseUri().toString()).isEqualTo("http://127.0.0.2:" + port);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.2", port), 1000);
            }
            assertThat(nexus.health().status()).isEqualTo(NexusHealth.Status.RUNNING);
            assertThat(nexus.start()).as("starting twice is harmless").isSameAs(nexus);
        }
        finally {
            nexus.stop();
        }

        assertThat(nexus.isRunning()).isFalse();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.2", port), 1000);
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void deploymentsMadeBeforeStartAreServedAfterIt() {
        try (Nexus nexus = Nexus.builder().port(0).deploymentCache(new DeploymentCache(10, Runnable::run)).build()) {
            Deployments.deployAsApi(TestAgents.echo("echo", "early "), nexus, "qa");
            nexus.start();

            RestClient.Response response = new RestClient(nexus.baseUri()).execute("qa", Map.of("question", "bird"));

            assertThat(response.json().get("outputs").get("answer").asString()).isEqualTo("early bird x1");
        }
    }

    @Test
    void requestsAreHandledOnVirtualThreads() throws Exception {
        CountDownLatch inAgent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Nexus nexus = Nexus.builder().port(0).deploymentCache(new DeploymentCache(10, Runnable::run)).build()) {
            nexus.start();
            Deployments.deployAsApi(TestAgents.agent("hold", "waits until released", in -> {
                inAgent.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Map.of("answer", "done");
            }), nexus, "hold");

            try (ExecutorService caller = Executors.newSingleThreadExecutor()) {
                Future<RestClient.Response> response = caller.submit(
                        () -> new RestClient(nexus.baseUri()).execute("hold", Map.of("question", "q")));
                assertThat(inAgent.await(30, TimeUnit.SECONDS)).isTrue();

                // The request thread is parked in the handler now. Thread.getAllStackTraces()
                // lists platform threads only, so a platform request thread would show up here.
                List<String> platformHandlers = Thread.getAllStackTraces().entrySet().stream()
                        .filter(e -> Arrays.stream(e.getValue())
                                .anyMatch(frame -> frame.getClassName().startsWith("dev.kaizen.nexus.rest.WorkflowHandlers")))
                        .map(e -> e.getKey().getName()).toList();
                release.countDown();

                assertThat(platformHandlers).as("platform threads inside the REST handler").isEmpty();
                assertThat(response.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void badBuilderValuesAreRejectedNamingThem() {
        assertThatThrownBy(() -> Nexus.builder().port(70_000)).hasMessage("port must be between 0 and 65535, was 70000");
        assertThatThrownBy(() -> Nexus.builder().host(" ")).hasMessage("host must not be blank");
        assertThatThrownBy(() -> Nexus.hostedBuilder().build().start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("starts with it");
    }
}
