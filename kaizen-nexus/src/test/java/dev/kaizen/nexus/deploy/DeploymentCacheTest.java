package dev.kaizen.nexus.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.kaizen.core.FunctionAgent;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.DeployOptions;
import dev.kaizen.nexus.TestAgents;

class DeploymentCacheTest {

    private final DeploymentCache cache = new DeploymentCache(2, Runnable::run);

    private final DeploymentRegistry registry = new DeploymentRegistry(
            List.of(new RecordingChannel(ChannelId.API), new RecordingChannel(ChannelId.CLI),
                    new RecordingChannel(ChannelId.MCP)),
            cache, "/api/workflows", new dev.kaizen.nexus.metrics.PerformanceMetrics());

    private Deployment deploy(String name, FunctionAgent agent, boolean useCache) {
        return registry.deploy(name, agent, Set.of(ChannelId.API), DeployOptions.builder().useCache(useCache).build());
    }

    @Test
    void theFirstDeployMissesAndAnEqualAgentHits() {
        Deployment first = deploy("a", TestAgents.echo("echo", "v1:"), true);
        Deployment second = deploy("a", TestAgents.echo("echo", "v1:"), true);

        assertThat(first.fromCache()).isFalse();
        assertThat(second.fromCache()).isTrue();
        assertThat(cache.stats()).isEqualTo(new DeploymentCacheStats(1, 1, 1, 0));
        assertThat(cache.stats().hitRate()).isEqualTo(0.5);
    }

    @Test
    void aHitReusesTheBuiltSchemasAndChannelSpecs() {
        Deployment first = deploy("a", TestAgents.echo("echo", "v1:"), true);
        Object spec = first.channelSpec(ChannelId.MCP, workflow -> new Object());

        Deployment second = deploy("b", TestAgents.echo("echo", "v1:"), true);

        assertThat(second.workflow().inputSchema()).isSameAs(first.workflow().inputSchema());
        Object again = second.channelSpec(ChannelId.MCP, workflow -> new Object());
        assertThat(again).isSameAs(spec);
    }

    @Test
    void aHitRunsTheAgentBeingDeployedNotTheCachedOne() {
        deploy("a", TestAgents.agent("same", "d", in -> Map.of("answer", "old code")), true);

        Deployment redeployed = deploy("a", TestAgents.agent("same", "d", in -> Map.of("answer", "new code")), true);

        assertThat(redeployed.fromCache()).isTrue();
        assertThat(redeployed.workflow().execute(Map.of("question", "q")).outputs()).containsEntry("answer", "new code");
    }

    @Test
    void aChangedAgentMisses() {
        deploy("a", TestAgents.echo("echo", "v1:"), true);

        Deployment changed = deploy("a", TestAgents.echo("echo", "v2:"), true);

        assertThat(changed.fromCache()).isFalse();
        assertThat(cache.stats().misses()).isEqualTo(2);
    }

    @Test
    void theLeastRecentlyUsedAreEvictedBeyondTheMaximum() {
        for (int i = 0; i < 5; i++) {
            deploy("a" + i, TestAgents.echo("echo" + i, ""), true);
        }

        DeploymentCacheStats stats = cache.stats();
        assertThat(stats.size()).isEqualTo(2);
        assertThat(stats.evictions()).isEqualTo(3);
        assertThat(stats.misses()).isEqualTo(5);
    }

    @Test
    void useCacheFalseBuildsAfreshAndLeavesTheCacheUntouched() {
        deploy("a", TestAgents.echo("echo", ""), true);
        DeploymentCacheStats before = cache.stats();

        Deployment fresh = deploy("a", TestAgents.echo("echo", ""), false);

        assertThat(fresh.fromCache()).isFalse();
        assertThat(cache.stats()).isEqualTo(before);
    }

    @Test
    void clearEmptiesTheCacheAndRestartsTheCounters() {
        deploy("a", TestAgents.echo("echo", ""), true);
        deploy("a", TestAgents.echo("echo", ""), true);

        cache.clear();

        assertThat(cache.stats()).isEqualTo(new DeploymentCacheStats(0, 0, 0, 0));
        assertThat(deploy("a", TestAgents.echo("echo", ""), true).fromCache()).isFalse();
    }

    @Test
    void theMaximumSizeCanChangeAtRunTime() {
        for (int i = 0; i < 2; i++) {
            deploy("a" + i, TestAgents.echo("echo" + i, ""), true);
        }

        cache.setMaximumSize(1);

        assertThat(cache.maximumSize()).isEqualTo(1);
        assertThat(cache.stats().size()).isEqualTo(1);
        assertThatThrownBy(() -> cache.setMaximumSize(-1))
                .hasMessage("deployment cache maximum size must not be negative, was -1");
    }
}
