package dev.kaizen.nexus.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Tests write files under target/ only. The module's own folder is the tests' working directory,
 * so a file a test names without a folder (a fuzzed {@code nexus perf --report <word>} did) lands
 * there, and from there in a commit.
 */
class ModuleFolderTest {

    @Test
    void holdsOnlyThePomTheSourcesAndTheBuildOutput() throws IOException {
        List<String> names;
        try (Stream<Path> entries = Files.list(Path.of(""))) {
            names = entries.map(entry -> entry.getFileName().toString())
                    // An IDE's own files are ignored by git; they are no test's doing.
                    .filter(name -> !name.startsWith(".") && !name.endsWith(".iml")).sorted().toList();
        }

        assertThat(names).containsExactly("pom.xml", "src", "target");
    }
}
