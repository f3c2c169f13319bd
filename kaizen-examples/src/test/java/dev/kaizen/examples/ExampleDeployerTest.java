package dev.kaizen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.kaizen.core.Agent;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.security.ApiKeys;
import dev.kaizen.nexus.security.SecuritySettings;

/** The commands the example app prints to try each example, with and without credentials. */
class ExampleDeployerTest {

    private static final String KEY = "try-key-0123456789abcdef";

    /** A printed curl command: its address, its extra header (the credential) and its body. */
    private static final Pattern CURL = Pattern.compile(
            "^    curl -s (\\S+) -H 'Content-Type: application/json'(?: -H \"([^:]+): \\$(\\w+)\")? -d '(.*)'$");

    private static List<String> printed(Nexus nexus) {
        List<Agent> agents = List.of(new TextStatsAgent(), new NotesAgent());
        ExampleDeployer deployer = new ExampleDeployer(nexus, agents);
        deployer.afterSingletonsInstantiated();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        deployer.printCommands(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void withoutCredentialsTheCommandsSendNone() {
        try (Nexus nexus = Nexus.builder().port(0).build().start()) {
            List<String> lines = printed(nexus);
            String base = nexus.baseUri().toString();

            assertThat(lines.getFirst()).isEqualTo("Try the examples on " + base
                    + " (commands from the repository's root):");
            assertThat(lines).contains("    kaizen-examples/target/kaizen --url " + base
                    + " nexus run text-stats --text \"Kaizen means change for the better. Small steps, every day, "
                    + "add up.\" --top 3", "  the shell: kaizen-examples/target/kaizen --url " + base + " --shell");
            assertThat(String.join("\n", lines)).doesNotContain("KAIZEN_", "X-API-Key", "Authorization");
        }
    }

    @Test
    void withApiKeysEveryCommandSendsTheKeyFromTheEnvironmentAndTheCurlAnswers() throws Exception {
        SecuritySettings security = SecuritySettings.builder().apiKeys(Map.of("try", ApiKeys.NOOP + KEY)).build();
        try (Nexus nexus = Nexus.builder().port(0).security(security).build().start()) {
            List<String> lines = printed(nexus);
            String base = nexus.baseUri().toString();

            assertThat(lines).contains("  the shell: kaizen-examples/target/kaizen --url " + base
                    + " --api-key \"$KAIZEN_API_KEY\" --shell");
            assertThat(lines).filteredOn(line -> line.contains(" nexus run ")).hasSize(2)
                    .allMatch(line -> line.contains(" --url " + base + " --api-key \"$KAIZEN_API_KEY\" nexus run "));
            List<Matcher> curls = lines.stream().map(CURL::matcher).filter(Matcher::matches).toList();
            assertThat(curls).hasSize(2);
            // As a shell runs it with KAIZEN_API_KEY set: the placeholder becomes the key.
            Matcher textStats = curls.stream().filter(curl -> curl.group(1).endsWith("/text-stats/execute"))
                    .findFirst().orElseThrow();
            assertThat(textStats.group(2)).isEqualTo("X-API-Key");
            assertThat(textStats.group(3)).isEqualTo("KAIZEN_API_KEY");
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(textStats.group(1))).header("Content-Type", "application/json")
                    .header(textStats.group(2), KEY).POST(HttpRequest.BodyPublishers.ofString(textStats.group(4)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(String.join("\n", lines)).doesNotContain(KEY);
        }
    }
}
