package dev.kaizen.nexus.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.DeployOptions;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.deploy.DeploymentCache;
import dev.kaizen.nexus.mcp.McpClients;
import dev.kaizen.nexus.rest.RestClient;
import dev.kaizen.nexus.rest.RestConfig;
import dev.kaizen.nexus.security.ApiKeys;
import dev.kaizen.nexus.security.SecuritySettings;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Remote shell commands against a running Nexus over REST print and exit exactly as local ones,
 * and the shell, REST and MCP give the same outputs for the same inputs.
 */
class RemoteShellTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Nexus nexus;

    @BeforeAll
    static void start() {
        nexus = Nexus.builder().port(0).deploymentCache(new DeploymentCache(100, Runnable::run)).build().start();
        Deployments.deployMultiChannel(TestAgents.echo("echo", "same "), nexus, "qa");
        Deployments.deployMultiChannel(TestAgents.agent("broken", "fails", in -> {
            throw new IllegalStateException("no luck");
        }), nexus, "broken");
        Deployments.deployMultiChannel(dev.kaizen.core.FunctionAgent.builder().name("tokens")
                .signature(TestAgents.qaSignature()).function((in, run) -> {
                    run.token("stre");
                    run.token("amed");
                    return Map.of("answer", "streamed");
                }).build(), nexus, "tokens");
    }

    @Test
    void aRemoteRunStreamsItsTokensInTextFormatAsALocalOneDoes() {
        Outcome remote = remote("nexus", "run", "tokens", "--question", "q", "--format", "text");

        assertThat(remote).isEqualTo(local("nexus", "run", "tokens", "--question", "q", "--format", "text"));
        assertThat(remote.out()).isEqualTo("streamed\nanswer: streamed\n");
    }

    @AfterAll
    static void stop() {
        nexus.stop();
    }

    /** The exit code, stdout and stderr of one command. */
    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(ShellOperations operations, String... words) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = OneShotCommand.run(operations, List.of(words), new PrintWriter(out), new PrintWriter(err));
        return new Outcome(code, out.toString(), err.toString());
    }

    private static Outcome local(String... words) {
        return run(ShellChannel.of(nexus).operations().streamingTokens(true), words);
    }

    private static Outcome remote(String... words) {
        return run(new ShellOperations(new RemoteShellBackend(nexus.baseUri(), JSON, null), JSON).streamingTokens(true),
                words);
    }

    @Test
    void remoteCommandsPrintAndExitExactlyAsLocalOnes() {
        List<String[]> commands = List.of(
                new String[] { "nexus", "run", "qa", "--question", "hello world", "--count", "2" },
                new String[] { "nexus", "run", "qa", "--question", "q", "--format", "text" },
                new String[] { "nexus", "run", "qa", "--count", "many" },
                new String[] { "nexus", "run", "qa", "--count", "3" },
                new String[] { "nexus", "run", "nope" },
                new String[] { "nexus", "run", "broken", "--question", "q" },
                new String[] { "nexus", "list" },
                new String[] { "nexus", "describe", "qa" });

        for (String[] command : commands) {
            assertThat(remote(command)).as(String.join(" ", command)).isEqualTo(local(command));
        }
        assertThat(remote("nexus", "run", "qa", "--count", "3").code()).isEqualTo(2);
        assertThat(remote("nexus", "run", "broken", "--question", "q").code()).isEqualTo(1);
    }

    @Test
    void aNexusUnderAnyPathPrefixIsListedDescribedAndRunRemotely() {
        try (Nexus prefixed = Nexus.builder().port(0).rest(RestConfig.builder().pathPrefix("/agents").build()).build()
                .start()) {
            Deployments.deployMultiChannel(TestAgents.echo("echo", "a "), prefixed, "qa");
            Deployments.deployMultiChannel(TestAgents.echo("echo", "b "), prefixed, "tool",
                    DeployOptions.builder().restPathPrefix("/v2/tools").build());
            ShellOperations operations = new ShellOperations(new RemoteShellBackend(prefixed.baseUri(), JSON, null), JSON);

            Outcome list = run(operations, "nexus", "list");
            Outcome described = run(operations, "nexus", "describe", "tool");
            Outcome ran = run(operations, "nexus", "run", "tool", "--question", "hi");

            assertThat(list.code()).isZero();
            assertThat(list.out()).contains("qa  ", "tool  ");
            assertThat(described.out()).startsWith("tool: Echoes with b ");
            assertThat(ran.out().strip()).isEqualTo("{\"answer\":\"b hi x1\"}");
            assertThat(run(operations, "nexus", "run", "qa", "--question", "hi").out().strip())
                    .isEqualTo("{\"answer\":\"a hi x1\"}");
        }
    }

    @Test
    void aRefusalForWantOfCredentialsNamesTheOptionsAndVariablesThatSendOne() {
        String key = "ops-key-0123456789abcdef";
        try (Nexus secured = Nexus.builder().port(0).security(SecuritySettings.builder()
                .apiKeys(Map.of("ops", ApiKeys.NOOP + key)).build()).build().start()) {
            Deployments.deployMultiChannel(TestAgents.echo("echo", "secured "), secured, "qa");

            Outcome none = run(remote(secured, null), "nexus", "run", "qa", "--question", "q");
            Outcome listed = run(remote(secured, null), "nexus", "list");
            Outcome wrong = run(remote(secured, "not-the-key-0123456789"), "nexus", "run", "qa", "--question", "q");
            Outcome right = run(remote(secured, key), "nexus", "run", "qa", "--question", "q");

            for (Outcome refused : List.of(none, listed)) {
                assertThat(refused.code()).isEqualTo(ShellFailure.NO_PERMISSION);
                assertThat(refused.err()).isEqualTo("error: this Nexus requires credentials: give --api-key <key> or "
                        + "--token <jwt> with --url, or set KAIZEN_API_KEY or KAIZEN_TOKEN\n");
            }
            assertThat(wrong.code()).isEqualTo(ShellFailure.NO_PERMISSION);
            assertThat(wrong.err()).isEqualTo("error: the API key is not valid: check the key or token given with "
                    + "--api-key, --token, KAIZEN_API_KEY or KAIZEN_TOKEN\n");
            assertThat(right.code()).as(right.err()).isZero();
            assertThat(right.out()).isEqualTo("{\"answer\":\"secured q x1\"}\n");
        }
    }

    private static ShellOperations remote(Nexus nexus, String credential) {
        return new ShellOperations(new RemoteShellBackend(nexus.baseUri(), JSON, credential), JSON);
    }

    @Test
    void anUnreachableNexusExitsWithOneAndSaysSo() {
        Outcome outcome = run(new ShellOperations(new RemoteShellBackend(URI.create("http://127.0.0.1:9"), JSON, null), JSON),
                "nexus", "list");

        assertThat(outcome.code()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("error: cannot reach the Nexus at http://127.0.0.1:9/: connection refused\n");
    }

    @Test
    void theShellRestAndMcpGiveTheSameOutputs() {
        Map<String, Object> inputs = Map.of("question", "same question", "count", 4);

        JsonNode viaShell = JSON.readTree(local("nexus", "run", "qa", "--question", "same question", "--count", "4").out());
        JsonNode viaRest = new RestClient(nexus.baseUri()).execute("qa", inputs).json().get("outputs");
        McpSyncClient mcp = McpClients.streamable(nexus.baseUri());
        try {
            JsonNode viaMcp = JSON.valueToTree(mcp.callTool(new CallToolRequest("qa", inputs)).structuredContent());

            assertThat(viaShell).isEqualTo(viaRest).isEqualTo(viaMcp);
        }
        finally {
            mcp.closeGracefully();
        }
    }
}
