package dev.kaizen.nexus.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/configuration.md lists exactly the properties the code binds: the configuration metadata
 * the build generates from {@link NexusProperties} and {@link ModelProperties} is the truth.
 */
class ConfigurationDocTest {

    private static final Pattern DOCUMENTED = Pattern.compile("^\\| `(kaizen\\.[a-z0-9.-]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyPropertyIsDocumentedAndEveryDocumentedPropertyExists() throws Exception {
        Set<String> bound = boundProperties();
        Set<String> documented = new TreeSet<>();
        Matcher matcher = DOCUMENTED.matcher(Files.readString(Path.of("../docs/configuration.md")));
        while (matcher.find()) {
            documented.add(matcher.group(1));
        }

        assertThat(bound).as("the build's metadata").contains("kaizen.nexus.enabled", "kaizen.model.base-url");
        assertThat(documented).as("documented in docs/configuration.md").containsExactlyInAnyOrderElementsOf(bound);
    }

    private static Set<String> boundProperties() throws Exception {
        Set<String> names = new TreeSet<>();
        for (URL url : Collections.list(ConfigurationDocTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonNode metadata = JsonMapper.builder().build().readTree(in);
                for (JsonNode property : metadata.path("properties")) {
                    String name = property.get("name").asString();
                    if (name.startsWith("kaizen.")) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }
}
