package dev.kaizen.nexus.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.DefaultCommandParser;
import org.springframework.shell.test.ShellTestClient;

import dev.kaizen.core.FieldType;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.deploy.DeploymentCache;

/** The shell channel's commands, driven through Spring Shell's own parser, executor and test client. */
class ShellChannelTest {

    private final Nexus nexus = Nexus.builder().deploymentCache(new DeploymentCache(100, Runnable::run)).build();

    private final ShellTestClient shell = new ShellTestClient(
            new DefaultCommandParser(ShellChannel.of(nexus).commandRegistry()), ShellChannel.of(nexus).commandRegistry());

    private List<String> send(String command) throws Exception {
        return shell.sendCommand(command).lines();
    }

    private static FunctionAgent everyType() {
        return FunctionAgent.builder().name("types").description("Echoes every type")
                .signature(Signature.builder()
                        .input("text", FieldType.STRING, "Text")
                        .optionalInput("count", FieldType.INTEGER, "Count", 1)
                        .optionalInput("ratio", FieldType.NUMBER, "Ratio", 0.5)
                        .optionalInput("loud", FieldType.BOOLEAN, "Shout", false)
                        .optionalInput("tags", FieldType.ARRAY, "Tags", null)
                        .optionalInput("meta", FieldType.OBJECT, "Meta", null)
                        .output("echo", FieldType.OBJECT, "The inputs").build())
                .function(inputs -> Map.of("echo", inputs)).build();
    }

    @Test
    void runPrintsTheOutputsAsJson() throws Exception {
        Deployments.deployAsCli(TestAgents.echo("echo", "hi "), nexus, "qa");

        assertThat(send("nexus run qa --question \"there you are\" --count 2"))
                .containsExactly("{\"answer\":\"hi there you are x2\"}");
    }

    @Test
    void everyFieldTypeIsConvertedFromText() throws Exception {
        Deployments.deployAsCli(everyType(), nexus, "types");

        List<String> lines = send("nexus run types --text hello --count 3 --ratio 0.25 --loud true "
                + "--tags [\"a\",\"b\"] --meta {\"k\":1}");

        assertThat(lines).containsExactly("{\"echo\":{\"text\":\"hello\",\"count\":3,\"ratio\":0.25,\"loud\":true,"
                + "\"tags\":[\"a\",\"b\"],\"meta\":{\"k\":1}}}");
    }

    @Test
    void textFormatPrintsOneFieldPerLine() throws Exception {
        Deployments.deployAsCli(TestAgents.echo("echo", ""), nexus, "qa");

        assertThat(send("nexus run qa --question q --format text")).containsExactly("answer: q x1");
    }

    @Test
    void badInputPrintsOneLineNamingTheFieldAndTheUsage() throws Exception {
        Deployments.deployAsCli(everyType(), nexus, "types");
        String usage = "usage: nexus run types --text <string> [--count <integer>] [--ratio <number>] "
                + "[--loud <boolean>] [--tags <array>] [--meta <object>] [--session ID] [--format json|text] [--async]";

        assertThat(send("nexus run types --text t --count many")).containsExactly(
                "error: invalid inputs: count: expected integer, got 'many'", usage);
        assertThat(send("nexus run types --text t --colour red")).containsExactly(
                "error: invalid inputs: colour: unknown option --colour", usage);
        assertThat(send("nexus run types --count 2")).containsExactly("error: invalid inputs: text: required", usage);
        assertThat(send("nexus run types --text t --tags [\"a\"")).first().asString()
                .startsWith("error: invalid inputs: tags: malformed JSON array: ");
        assertThat(send("nexus run types --text t --meta [1]")).first().asString()
                .isEqualTo("error: invalid inputs: meta: expected a JSON object, such as {\"key\":\"value\"}");
        assertThat(send("nexus run types --text t --format yaml")).first().asString()
                .isEqualTo("error: --format must be json or text, was 'yaml'");
    }

    @Test
    void anAgentFailurePrintsAPlainMessage() throws Exception {
        Deployments.deployAsCli(TestAgents.agent("broken", "fails", in -> {
            throw new IllegalStateException("database is down");
        }), nexus, "broken");

        assertThat(send("nexus run broken --question q")).containsExactly("error: agent 'broken' failed: database is down");
    }

    @Test
    void listAndDescribeShowTheWorkflows() throws Exception {
        Deployments.deployMultiChannel(TestAgents.echo("echo", ""), nexus, "qa");

        assertThat(send("nexus list")).containsExactly("qa  Echoes with   [api, cli, mcp]");
        assertThat(send("nexus describe qa")).containsExactly(
                "qa: Echoes with ",
                "channels: api, cli, mcp",
                "inputs:",
                "  question (string, required): What the user asks",
                "  count (integer, optional, default 1): How many times",
                "outputs:",
                "  answer (string): The answer",
                "usage: nexus run qa --question <string> [--count <integer>] [--session ID] [--format json|text] [--async]");
        assertThat(send("nexus describe nope")).containsExactly(
                "error: no workflow named 'nope' is deployed; 'nexus list' shows them");
    }

    @Test
    void helpListsEveryDeployedWorkflow() throws Exception {
        Deployments.deployAsCli(TestAgents.echo("echo", ""), nexus, "qa");
        Deployments.deployAsCli(TestAgents.echo("other", ""), nexus, "second");

        String help = String.join("\n", send("help"));

        assertThat(help).contains("nexus run qa", "nexus run second", "nexus list", "nexus describe");
    }

    @Test
    void commandsComeAndGoWithDeployments() throws Exception {
        Deployments.deployAsCli(TestAgents.echo("echo", ""), nexus, "qa");
        assertThat(commandNames()).contains("nexus run qa");

        Deployments.undeploy(nexus, "qa");

        assertThat(commandNames()).doesNotContain("nexus run qa");
    }

    @Test
    void aRedeployChangesTheOptionsOfTheSameCommand() throws Exception {
        Deployments.deployAsCli(TestAgents.echo("echo", ""), nexus, "flex");
        Deployments.deployAsCli(everyType(), nexus, "flex");

        assertThat(send("nexus run flex --text now")).first().asString().startsWith("{\"echo\":{\"text\":\"now\"");
        assertThat(commandNames()).filteredOn(name -> name.equals("nexus run flex")).hasSize(1);
    }

    @Test
    void sixtyFourThreadsDeployingWhileTheShellReadsRegisterEveryCommand() throws Exception {
        int threads = 64;
        int namesEach = 50;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads + 1)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < namesEach; n++) {
                        Deployments.deployAsCli(TestAgents.echo("echo", ""), nexus, "w" + thread + "-" + n);
                    }
                    return null;
                }));
            }
            Future<?> reader = pool.submit(() -> {
                start.await();
                // The shell reads the registry while it changes, as a user typing 'help' would.
                for (int i = 0; i < 200; i++) {
                    send("help");
                }
                return null;
            });
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
            reader.get(60, TimeUnit.SECONDS);
        }

        List<String> runs = commandNames().stream().filter(name -> name.startsWith("nexus run ")).toList();
        assertThat(runs).hasSize(threads * namesEach).doesNotHaveDuplicates();
    }

    private List<String> commandNames() {
        return ShellChannel.of(nexus).commandRegistry().getCommands().stream().map(Command::getName).toList();
    }
}
