package dev.kaizen.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Java sample in README.md and docs/ compiles against the real API, so the docs cannot rot.
 * A sample that declares a class compiles as it is; a fragment compiles inside a method of a class
 * that declares the few names the docs use without defining (an agent, a nexus, metrics...).
 */
class DocSamplesTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    private static final String IMPORTS = """
            import java.net.http.*;
            import java.nio.file.*;
            import java.time.*;
            import java.util.*;
            import java.util.concurrent.*;
            import org.springframework.beans.factory.SmartInitializingSingleton;
            import org.springframework.boot.autoconfigure.SpringBootApplication;
            import org.springframework.context.annotation.Bean;
            import org.springframework.context.annotation.Configuration;
            import org.springframework.ai.chat.model.ChatModel;
            import io.modelcontextprotocol.client.*;
            import io.modelcontextprotocol.client.transport.*;
            import io.modelcontextprotocol.spec.McpSchema.*;
            import dev.kaizen.core.*;
            import dev.kaizen.nexus.*;
            import dev.kaizen.nexus.channel.*;
            import dev.kaizen.nexus.deploy.*;
            import dev.kaizen.nexus.mcp.*;
            import dev.kaizen.nexus.metrics.*;
            import dev.kaizen.nexus.rest.*;
            import dev.kaizen.nexus.security.*;
            import dev.kaizen.nexus.session.*;
            import org.springframework.security.oauth2.jwt.*;
            import dev.kaizen.nexus.shell.*;
            """;

    /** The names fragments use without defining them, as the surrounding prose introduces them. */
    private static final String CONTEXT = """
            Agent agent; ChatAgent assistant; Agent textStats; Nexus nexus; Signature signature;
            PerformanceMetrics metrics; Duration d; String id = "id"; ChatModel myAnthropicModel; String key = "k";
            String lookUp(Object key) { return String.valueOf(key); }
            Object append(Object list, Object item) { return item; }
            """;

    private static final Pattern DECLARED_CLASS = Pattern.compile("(?m)^(public )?(final )?class (\\w+)");

    /**
     * @param file the page
     * @param index the sample's number on the page
     * @param code the sample
     * @param pageClasses the classes other samples of the same page declare, which this one may use
     */
    record Sample(String file, int index, String code, List<String> pageClasses) {

        @Override
        public String toString() {
            return file + " #" + index;
        }
    }

    static Stream<Sample> samples() throws IOException {
        List<Sample> samples = new ArrayList<>();
        List<Path> files = new ArrayList<>(List.of(Path.of("../README.md")));
        try (Stream<Path> docs = Files.list(Path.of("../docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        for (Path file : files) {
            List<String> blocks = new ArrayList<>();
            Matcher block = JAVA_BLOCK.matcher(Files.readString(file));
            while (block.find()) {
                blocks.add(block.group(1));
            }
            List<String> classes = blocks.stream().filter(code -> DECLARED_CLASS.matcher(code).find()).toList();
            for (int i = 0; i < blocks.size(); i++) {
                String code = blocks.get(i);
                samples.add(new Sample(file.getFileName().toString(), i + 1, code,
                        classes.stream().filter(other -> !other.equals(code)).toList()));
            }
        }
        return samples.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void compiles(Sample sample) {
        String name = "Sample_" + sample.file().replaceAll("\\W", "_") + "_" + sample.index();
        // A complete file's package line goes too: the compiled source starts with the imports above.
        String code = sample.code().replaceAll("(?m)^(import|package) .*;$", "");
        String source;
        Matcher declared = DECLARED_CLASS.matcher(code);
        if (declared.find()) {
            name = declared.group(3);
            source = IMPORTS + code;
        }
        else {
            source = IMPORTS + "class " + name + " {\n" + CONTEXT + "void sample() throws Exception {\n" + code
                    + "\n}\n}\n";
        }
        List<JavaFileObject> units = new ArrayList<>(List.of(sourceFile(name, source)));
        for (String other : sample.pageClasses()) {
            Matcher otherName = DECLARED_CLASS.matcher(other);
            otherName.find();
            units.add(sourceFile(otherName.group(3), IMPORTS + other.replaceAll("(?m)^(import|package) .*;$", "")));
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        Path out;
        try {
            out = Files.createTempDirectory("doc-sample");
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        boolean ok = compiler.getTask(errors, null, null, List.of("-proc:none", "-classpath",
                System.getProperty("java.class.path"), "-d", out.toString()), null, units).call();

        assertThat(ok).as("%s does not compile:%n%s%n%s", sample, errors, source).isTrue();
    }

    @Test
    void theChannelsPageShowsTheSpiTestsChannelAsItIs() throws IOException {
        String source = Files.readString(Path.of("../kaizen-nexus/src/test/java/com/example/pager/PagerChannel.java"));
        String withoutPackage = source.substring(source.indexOf('\n') + 1).stripLeading();
        String page = Files.readString(Path.of("../docs/channels.md"));

        assertThat(page).contains("```java\n" + withoutPackage + "```");
    }

    /*
     * The recipes of docs/embedding.md are the projects under src/it, which the build builds with
     * the invoker plugin and StandaloneProjectIT and BootProjectIT run: the page must show each
     * project's pom (with the versions the invoker fills in for its @...@ placeholders), its Java
     * source and its build command exactly. Edit the project, run this test, and copy what it says
     * is missing into the page.
     */

    @Test
    void theStandaloneRecipeIsTheProjectTheBuildRuns() throws IOException {
        Path project = Path.of("src/it/standalone");
        String page = Files.readString(Path.of("../docs/embedding.md"));

        assertThat(page).contains("```xml\n" + pomAsTheBuildWritesIt(project) + "```");
        assertThat(page).contains("```java\n" + Files.readString(project.resolve("src/main/java/Standalone.java"))
                + "```");
        assertThat(page).contains("```bash\nmvn -q " + invokerGoals(project) + "\n");
    }

    @Test
    void theSpringBootRecipeIsTheProjectTheBuildRuns() throws IOException {
        Path project = Path.of("src/it/boot");
        String page = Files.readString(Path.of("../docs/embedding.md"));

        assertThat(page).contains("```xml\n" + pomAsTheBuildWritesIt(project) + "```");
        assertThat(page).contains("```java\n"
                + Files.readString(project.resolve("src/main/java/com/example/MyApp.java")) + "```");
        assertThat(page).contains("```bash\nmvn -q " + invokerGoals(project) + "\n" + BootProjectIT.RUN + "\n");
    }

    private static String invokerGoals(Path project) throws IOException {
        return Files.readString(project.resolve("invoker.properties")).lines()
                .filter(line -> line.startsWith("invoker.goals = ")).findFirst().orElseThrow()
                .substring("invoker.goals = ".length());
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("@([\\w.-]+)@");

    private static final Pattern PROPERTY = Pattern.compile("<([\\w.-]+)>([^<]*)</\\1>");

    /**
     * A project's pom with its placeholders replaced as the invoker plugin replaces them: by this
     * build's version and the properties of the poms kaizen-examples inherits from.
     */
    private static String pomAsTheBuildWritesIt(Path project) throws IOException {
        java.util.Map<String, String> properties = new java.util.HashMap<>();
        for (String pom : List.of("../kaizen-bom/pom.xml", "../pom.xml")) {
            String text = Files.readString(Path.of(pom));
            Matcher property = PROPERTY.matcher(
                    text.substring(text.indexOf("<properties>"), text.indexOf("</properties>")));
            while (property.find()) {
                properties.put(property.group(1), property.group(2));
            }
        }
        properties.put("project.version", ExampleApp.expectedVersion());
        return PLACEHOLDER.matcher(Files.readString(project.resolve("pom.xml"))).replaceAll(placeholder -> {
            String value = properties.get(placeholder.group(1));
            assertThat(value).as("the build's value of %s", placeholder.group()).isNotNull();
            return Matcher.quoteReplacement(value);
        });
    }

    private static JavaFileObject sourceFile(String name, String source) {
        return new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
    }
}
