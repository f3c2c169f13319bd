package dev.kaizen.nexus.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.kaizen.core.FieldType;
import dev.kaizen.core.InvalidInputException;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.FuzzValues;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.NoInternals;
import dev.kaizen.nexus.TestAgents;
import dev.kaizen.nexus.shell.OneShotCommand;
import dev.kaizen.nexus.shell.ShellChannel;

/**
 * Signature validation and the shell's option parser under any input: inputs are valid or refused
 * naming a field; a command line ends with a documented exit code and clean lines.
 */
class InputsFuzzTest {

    private static final Signature SIGNATURE = Signature.builder()
            .input("text", FieldType.STRING, "a string")
            .optionalInput("count", FieldType.INTEGER, "an integer", 1)
            .optionalInput("ratio", FieldType.NUMBER, "a number", null)
            .optionalInput("flag", FieldType.BOOLEAN, "a boolean", false)
            .optionalInput("tags", FieldType.ARRAY, "an array", null)
            .optionalInput("extra", FieldType.OBJECT, "an object", null)
            .output("out", FieldType.STRING, "out").build();

    private static final String[] NAMES = { "text", "count", "ratio", "flag", "tags", "extra" };

    private static final Nexus NEXUS = Nexus.builder().build();

    static {
        Deployments.deployAsCli(TestAgents.echo("echo", ""), NEXUS, "echo");
    }

    /** Where {@code nexus perf --report <file>} writes: never the working directory (the module's own). */
    private static final String REPORT = "target/fuzz-reports/report.json";

    static {
        try {
            Files.createDirectories(Path.of(REPORT).getParent());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Follows each {@code --report} with a path under target/: the word after it would otherwise
     * name the file the report is written to, and a fuzzed word is a file name in the module.
     */
    private static void reportsUnderTarget(List<String> words) {
        for (int i = words.size() - 1; i >= 0; i--) {
            if (words.get(i).equals("--report")) {
                words.add(i + 1, REPORT);
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyInputsAreValidOrRefusedNamingAField(FuzzedDataProvider data) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (int i = data.consumeInt(0, 8); i > 0; i--) {
            String name = data.consumeBoolean() ? data.pickValue(NAMES) : FuzzValues.name(data, 10);
            inputs.put(name, data.consumeInt(0, 9) == 0 ? null : FuzzValues.any(data, 2));
        }
        try {
            Map<String, Object> valid = SIGNATURE.validateInputs(inputs);
            assertThat(valid).containsKey("text");
        }
        catch (InvalidInputException e) {
            assertThat(e.errors()).isNotEmpty();
            assertThat(e.getMessage()).startsWith("invalid inputs: ");
            NoInternals.assertClean("validation", e.getMessage());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyCommandLineEndsWithADocumentedCodeAndCleanLines(FuzzedDataProvider data) {
        List<String> words = new ArrayList<>(List.of("nexus", data.pickValue(new String[] { "run", "describe", "list",
                "session", "sessions", "perf", FuzzValues.name(data, 6) })));
        if (data.consumeBoolean()) {
            words.add("echo");
        }
        for (int i = data.consumeInt(0, 6); i > 0; i--) {
            words.add(data.consumeBoolean() ? "--" + data.pickValue(new String[] { "question", "count", "session",
                    "format", "report" }) : FuzzValues.name(data, 16));
        }
        reportsUnderTarget(words);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = OneShotCommand.run(ShellChannel.of(NEXUS).operations(), words, new PrintWriter(out),
                new PrintWriter(err));

        assertThat(code).as(String.join(" ", words)).isIn(0, 1, 2);
        NoInternals.assertClean(String.join(" ", words), err.toString());
        if (code != 0) {
            assertThat(err.toString()).as(String.join(" ", words)).startsWith("error: ");
        }
    }
}
