package dev.kaizen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Runs the packaged example jar as a user would: {@code java -jar kaizen-examples.jar}. */
class ExamplesJarIT {

    @Test
    void packagedJarPrintsItsBannerWithTheVersionAndExitsCleanly() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("kaizen.examples.jar"));
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", jar.toString()).redirectErrorStream(true).start();
        process.getOutputStream().close();

        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(exited).as("the app exits by itself").isTrue();
        assertThat(process.exitValue()).as("exit code, output: %s", output).isZero();
        assertThat(output.strip()).startsWith("Kaizen for Java " + expectedVersion()).doesNotContain("unknown");
        assertThat(output.strip().lines()).hasSize(1);
    }

    private static String expectedVersion() throws IOException {
        // The version the build stamps into kaizen-core; the jar must report the same one.
        Path pom = Path.of("pom.xml");
        String text = Files.readString(pom);
        int parent = text.indexOf("<parent>");
        int start = text.indexOf("<version>", parent) + "<version>".length();
        return text.substring(start, text.indexOf("</version>", start));
    }
}
