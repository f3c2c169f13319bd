package dev.kaizen.nexus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import tools.jackson.databind.json.JsonMapper;

import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.FuzzValues;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.NoInternals;
import dev.kaizen.nexus.TestAgents;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/**
 * MCP under any input: the guard judges every body without throwing, and a tool call with any
 * arguments is a result (an error result for bad ones), never an exception or a Java name.
 */
class McpGuardFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final McpRequestGuard GUARD = new McpRequestGuard(JSON, 64 * 1024,
            new McpSessionLimit(Duration.ofMinutes(1), 10, 10), request -> Caller.anonymous(null),
            (caller, tool) -> true, (caller, tool) -> true,
            // Every Host: the fuzzed requests carry none, and the Host check has tests of its own.
            dev.kaizen.nexus.security.SecuritySettings.builder().allowedHosts(java.util.List.of()).build(), new McpRuns(),
            McpConfig.DEFAULT_HEARTBEAT, java.util.List.of("2025-11-25"));

    private static final Nexus NEXUS = Nexus.builder().build();

    static {
        Deployments.deployAsMcp(TestAgents.echo("echo", ""), NEXUS, "echo");
    }

    @FuzzTest(maxDuration = "60s")
    void anyBodyIsJudgedWithoutThrowing(byte[] body) {
        McpRequestGuard.Verdict verdict = GUARD.check(body);

        assertThat(verdict).isNotNull();
        if (verdict.refusal() != null) {
            assertThat(verdict.refusal().message()).isNotBlank();
            NoInternals.assertClean("refusal", verdict.refusal().message());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyArgumentsGiveAResult(FuzzedDataProvider data) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        int fields = data.consumeInt(0, 5);
        for (int i = 0; i < fields; i++) {
            String name = data.pickValue(new String[] { "question", "count", "sessionId", FuzzValues.name(data, 12) });
            arguments.put(name, FuzzValues.any(data, 2));
        }

        CallToolResult result = McpChannel.of(NEXUS).toolCall("echo", new CallToolRequest("echo", arguments));

        assertThat(result).isNotNull();
        if (Boolean.TRUE.equals(result.isError())) { // a success may echo what was sent, dots and all
            NoInternals.assertClean("tool error", String.valueOf(result.content()));
        }
    }
}
