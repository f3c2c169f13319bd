package dev.kaizen.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What a reader copies from the docs must work on their machine: no page, build file or message
 * names a JDK installation, a home directory or a checkout of the machine the docs were written on.
 */
class NoMachinePathsTest {

    private static final Pattern MACHINE_PATH = Pattern.compile(
            "/usr/lib/jvm/|/Library/Java/JavaVirtualMachines/|C:\\\\Program Files|/root/|/home/[a-z]+/|/work/main|"
                    + "temurin-\\d+-jdk-amd64|/opt/java/");

    @Test
    void docsAndBuildFilesNameNoPathOfThisMachine() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> files = new ArrayList<>(List.of(Path.of("../README.md"), Path.of("../pom.xml"), Path.of("pom.xml")));
        try (Stream<Path> docs = Files.list(Path.of("../docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).forEach(files::add);
        }
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher matcher = MACHINE_PATH.matcher(lines.get(i));
                if (matcher.find()) {
                    found.add(file + ":" + (i + 1) + ": " + matcher.group());
                }
            }
        }
        assertThat(found).as("machine paths in the docs").isEmpty();
        assertThat(MACHINE_PATH.matcher("JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64").find()).isTrue();
    }
}
