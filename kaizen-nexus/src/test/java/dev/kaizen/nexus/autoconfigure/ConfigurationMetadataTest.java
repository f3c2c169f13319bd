package dev.kaizen.nexus.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.kaizen.core.AgentConfig;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.deploy.DeploymentCache;
import dev.kaizen.nexus.execution.RunLimits;
import dev.kaizen.nexus.mcp.McpConfig;
import dev.kaizen.nexus.runs.RunStore;
import dev.kaizen.nexus.runs.WebhookSettings;
import dev.kaizen.nexus.rest.RestConfig;
import dev.kaizen.nexus.security.SecuritySettings;
import dev.kaizen.nexus.session.NexusSessionManager;

/**
 * What an IDE shows for {@code kaizen.*} in application.properties: every property has its
 * default (equal to the one the code uses) or a stated reason to have none, and the properties
 * with a closed set of values list them.
 */
class ConfigurationMetadataTest {

    /** Properties without a default, and why. */
    private static final Map<String, String> NO_DEFAULT = Map.ofEntries(
            Map.entry("kaizen.model.name", "the provider's own default model"),
            Map.entry("kaizen.model.base-url", "the provider's own address"),
            Map.entry("kaizen.model.api-key", "OPENAI_API_KEY when unset"),
            Map.entry("kaizen.model.system-prompt", "derived from each agent"),
            Map.entry("kaizen.nexus.events.path", "no event log unless asked"),
            Map.entry("kaizen.nexus.performance.targets", "the built-in targets"),
            Map.entry("kaizen.nexus.sessions.redis-url", "Spring Boot's spring.data.redis.* settings"),
            Map.entry("kaizen.nexus.sessions.max-store-size", "a quarter of the heap (-Xmx)"),
            Map.entry("kaizen.nexus.security.api-keys", "no keys: no authentication"),
            Map.entry("kaizen.nexus.security.api-key-scopes", "no scopes"),
            Map.entry("kaizen.nexus.security.workflows", "no per-workflow scopes or limits"),
            Map.entry("kaizen.nexus.runs.workflows", "every workflow has the default run limits"),
            Map.entry("kaizen.nexus.runs.webhooks.allowed-hosts", "no callbacks allowed"),
            Map.entry("kaizen.nexus.runs.store", "the sessions' store"),
            Map.entry("kaizen.nexus.runs.webhooks.secret", "no callbacks allowed"),
            Map.entry("kaizen.nexus.security.default-scopes", "none required"),
            Map.entry("kaizen.nexus.mcp.max-sessions-per-principal", "a quarter of kaizen.nexus.mcp.max-sessions"),
            Map.entry("kaizen.nexus.security.audit", "on when credentials are configured"),
            Map.entry("kaizen.nexus.security.open-paths", "only the built-in open paths"),
            Map.entry("kaizen.nexus.security.token-issuer", "issuer-uri when set"));

    @Test
    void everyPropertyHasItsCodeDefaultOrAReasonForNone() throws Exception {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        Map<String, JsonNode> hints = new HashMap<>();
        read(properties, hints);
        assertThat(properties).isNotEmpty();
        for (Map.Entry<String, JsonNode> property : properties.entrySet()) {
            boolean hasDefault = property.getValue().has("defaultValue");
            assertThat(hasDefault || NO_DEFAULT.containsKey(property.getKey()))
                    .as(property.getKey() + " has a default in the metadata").isTrue();
            assertThat(property.getValue().path("description").asString()).as(property.getKey() + " is described")
                    .isNotBlank();
        }
        assertThat(properties.keySet()).containsAll(NO_DEFAULT.keySet());

        Map<String, String> codeDefaults = Map.ofEntries(
                Map.entry("kaizen.model.provider", AgentConfig.PROVIDER_AUTO),
                Map.entry("kaizen.model.temperature", Double.toString(AgentConfig.DEFAULT_TEMPERATURE)),
                Map.entry("kaizen.model.max-tokens", Integer.toString(AgentConfig.DEFAULT_MAX_TOKENS)),
                Map.entry("kaizen.model.timeout", AgentConfig.DEFAULT_TIMEOUT.toSeconds() + "s"),
                Map.entry("kaizen.model.history-limit", Integer.toString(AgentConfig.DEFAULT_HISTORY_LIMIT)),
                Map.entry("kaizen.model.max-retries", Integer.toString(AgentConfig.DEFAULT_MAX_RETRIES)),
                Map.entry("kaizen.nexus.deployment-cache.maximum-size", Long.toString(DeploymentCache.DEFAULT_MAXIMUM_SIZE)),
                Map.entry("kaizen.nexus.drain-timeout", Nexus.DEFAULT_DRAIN_TIMEOUT.toSeconds() + "s"),
                Map.entry("kaizen.nexus.mcp.path", McpConfig.DEFAULT_PATH),
                Map.entry("kaizen.nexus.mcp.session-idle-timeout", McpConfig.DEFAULT_SESSION_IDLE_TIMEOUT.toMinutes() + "m"),
                Map.entry("kaizen.nexus.mcp.max-sessions", Integer.toString(McpConfig.DEFAULT_MAX_SESSIONS)),
                Map.entry("kaizen.nexus.mcp.heartbeat", McpConfig.DEFAULT_HEARTBEAT.toSeconds() + "s"),
                Map.entry("kaizen.nexus.runs.max-concurrent", Integer.toString(RunLimits.DEFAULT_MAX_CONCURRENT)),
                Map.entry("kaizen.nexus.runs.queue-length", Integer.toString(RunLimits.DEFAULT_QUEUE_LENGTH)),
                Map.entry("kaizen.nexus.runs.retention", Nexus.DEFAULT_RUN_RETENTION.toHours() + "h"),
                Map.entry("kaizen.nexus.runs.max-stored", Long.toString(Nexus.DEFAULT_MAX_STORED_RUNS)),
                Map.entry("kaizen.nexus.runs.lease-time", RunStore.DEFAULT_LEASE_TIME.toSeconds() + "s"),
                Map.entry("kaizen.nexus.runs.webhooks.max-attempts",
                        Integer.toString(WebhookSettings.DEFAULT_MAX_ATTEMPTS)),
                Map.entry("kaizen.nexus.runs.webhooks.initial-backoff",
                        WebhookSettings.DEFAULT_INITIAL_BACKOFF.toSeconds() + "s"),
                Map.entry("kaizen.nexus.rest.path-prefix", RestConfig.DEFAULT_PATH_PREFIX),
                Map.entry("kaizen.nexus.rest.max-request-size", RestConfig.DEFAULT_MAX_REQUEST_BYTES / (1024 * 1024) + "MB"),
                Map.entry("kaizen.nexus.rest.sse-heartbeat", RestConfig.DEFAULT_SSE_HEARTBEAT.toSeconds() + "s"),
                Map.entry("kaizen.nexus.sessions.ttl", NexusSessionManager.DEFAULT_SESSION_TTL.toHours() + "h"),
                Map.entry("kaizen.nexus.sessions.cleanup-interval",
                        NexusSessionManager.DEFAULT_CLEANUP_INTERVAL.toMinutes() + "m"),
                Map.entry("kaizen.nexus.sessions.max-state-size", NexusSessionManager.DEFAULT_MAX_STATE_BYTES / 1024 + "KB"),
                Map.entry("kaizen.nexus.sessions.max-sessions", Long.toString(NexusSessionManager.DEFAULT_MAX_SESSIONS)),
                Map.entry("kaizen.nexus.sessions.max-sessions-per-principal",
                        Long.toString(NexusSessionManager.DEFAULT_MAX_SESSIONS_PER_PRINCIPAL)),
                Map.entry("kaizen.nexus.sessions.max-state-size-per-principal",
                        NexusSessionManager.DEFAULT_MAX_STATE_BYTES_PER_PRINCIPAL / (1024 * 1024) + "MB"),
                Map.entry("kaizen.nexus.sessions.redis-prefix", RedisSessionStoreFactory.DEFAULT_PREFIX),
                Map.entry("kaizen.nexus.security.admin-scope", SecuritySettings.DEFAULT_ADMIN_SCOPE));
        codeDefaults.forEach((name, expected) -> assertThat(properties.get(name).path("defaultValue").asString())
                .as(name + "'s default is the code's").isEqualTo(expected));
        assertThat(values(properties.get("kaizen.nexus.security.allowed-hosts").path("defaultValue")))
                .isEqualTo(SecuritySettings.DEFAULT_ALLOWED_HOSTS);
        assertThat(values(properties.get("kaizen.nexus.security.allowed-origins").path("defaultValue")))
                .isEqualTo(SecuritySettings.DEFAULT_ALLOWED_ORIGINS);

        for (String closed : Set.of("kaizen.model.provider", "kaizen.nexus.sessions.store")) {
            assertThat(hints).as(closed + " lists its values").containsKey(closed);
        }
        assertThat(values(hints.get("kaizen.model.provider").path("values")).toString()).contains("auto", "openai",
                "offline");
        assertThat(values(hints.get("kaizen.nexus.sessions.store").path("values")).toString()).contains("memory", "redis");
    }

    private static List<String> values(JsonNode array) {
        return array.valueStream().map(node -> node.isObject() ? node.path("value").asString() : node.asString())
                .toList();
    }

    private static void read(Map<String, JsonNode> properties, Map<String, JsonNode> hints) throws Exception {
        for (URL url : Collections.list(ConfigurationMetadataTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonNode metadata = JsonMapper.builder().build().readTree(in);
                for (JsonNode property : metadata.path("properties")) {
                    String name = property.path("name").asString();
                    if (name.startsWith("kaizen.")) {
                        properties.put(name, property);
                    }
                }
                for (JsonNode hint : metadata.path("hints")) {
                    hints.put(hint.path("name").asString(), hint);
                }
            }
        }
    }
}
