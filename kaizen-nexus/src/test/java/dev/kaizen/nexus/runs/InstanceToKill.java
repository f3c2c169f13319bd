package dev.kaizen.nexus.runs;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.kaizen.core.FunctionAgent;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.execution.RunLimits;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Nexus in a process of its own, for {@link RunLeasesTest} to kill with SIGKILL: runs on Redis,
 * two runs of {@code blocks} at once (the next wait in its queue), each blocking until the process
 * dies. Prints {@code port=<port>} once it serves, and exits when its standard input closes (so it
 * never outlives the test that started it).
 *
 * <p>Arguments: the Redis URI, the key prefix, the lease time in ms, the webhook secret.
 */
public final class InstanceToKill {

    private InstanceToKill() {
    }

    public static void main(String[] args) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        Nexus nexus = Nexus.builder().port(0).drainTimeout(Duration.ZERO)
                .runLimits(new RunLimits(2, 10, Duration.ofSeconds(1)))
                .runStore(new RedisRunStore(URI.create(args[0]), args[1], Duration.ofMillis(500), Duration.ofHours(1),
                        Duration.ofMillis(Long.parseLong(args[2])), json))
                .webhooks(new WebhookSettings(List.of("127.0.0.1:*"), args[3], 1, Duration.ofMillis(10)))
                .build().start();
        Deployments.deployAsApi(FunctionAgent.builder().name("blocks").signature(TestAgents.textSignature())
                .timeout(Duration.ofMinutes(10)).function(inputs -> {
                    try {
                        new CountDownLatch(1).await();
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Map.of("result", "never");
                }).build(), nexus, "blocks");
        System.out.println("port=" + nexus.baseUri().getPort());
        System.out.flush();
        while (System.in.read() != -1) {
            // Nothing to read: this waits until the test's end of the pipe closes.
        }
        System.exit(0);
    }
}
