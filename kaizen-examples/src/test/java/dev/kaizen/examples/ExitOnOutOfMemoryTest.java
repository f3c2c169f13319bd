package dev.kaizen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A JVM that runs out of heap exits, so that a supervisor restarts it, instead of staying up with
 * threads that died half-way (issue 25, finding 2): the launcher starts every kind of JVM with
 * {@code -XX:+ExitOnOutOfMemoryError}, and so does every {@code java} command the README and the
 * docs show. (docs/performance.md is left as it is: it records the commands its figures were
 * measured with.)
 */
class ExitOnOutOfMemoryTest {

    private static final String FLAG = "-XX:+ExitOnOutOfMemoryError";

    /** A command line that starts a JVM: {@code java ...}, {@code $JAVA_HOME/bin/java ...}, {@code VAR=x java ...}. */
    private static final Pattern JAVA_COMMAND = Pattern.compile("^(\\S+=\\S+\\s+)*(\\S*/)?java\\s");

    @Test
    void theLauncherSetsTheFlagForEveryKindOfStart() throws IOException {
        List<String> flags = Files.readAllLines(Path.of("src/launcher/kaizen")).stream()
                .filter(line -> line.contains("flags=")).toList();

        assertThat(flags).hasSize(2).allSatisfy(line -> assertThat(line).contains(FLAG));
    }

    @Test
    void everyJavaCommandInTheDocsSetsTheFlag() throws IOException {
        List<String> missing = new ArrayList<>();
        List<Path> pages = new ArrayList<>(List.of(Path.of("../README.md")));
        try (Stream<Path> docs = Files.list(Path.of("../docs"))) {
            docs.filter(page -> page.toString().endsWith(".md") && !page.endsWith("performance.md")).sorted()
                    .forEach(pages::add);
        }
        int commands = 0;
        for (Path page : pages) {
            boolean inCode = false;
            for (String line : Files.readAllLines(page)) {
                if (line.startsWith("```")) {
                    inCode = !inCode;
                }
                else if ((inCode && JAVA_COMMAND.matcher(line.strip()).find())
                        || line.contains("\"command\": \"java\"")) {
                    commands++;
                    if (!line.contains(FLAG)) {
                        missing.add(page.getFileName() + ": " + line.strip());
                    }
                }
            }
        }

        assertThat(commands).as("java commands found").isGreaterThanOrEqualTo(4);
        assertThat(missing).isEmpty();
    }
}
