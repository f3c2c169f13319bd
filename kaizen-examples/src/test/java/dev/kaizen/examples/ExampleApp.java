package dev.kaizen.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged example jar (or another Java program), started as a user starts it, with its
 * output read line by line.
 */
final class ExampleApp implements AutoCloseable {

    /** Put on the queue when the app's output closes: the app has exited. */
    private static final String END_OF_OUTPUT = "\u0000end of output";

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private final Process process;

    private ExampleApp(Process process) {
        this.process = process;
        Thread.ofVirtual().start(this::readOutput);
    }

    static ExampleApp start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        ExampleApp app = launch(command);
        app.process.getOutputStream().close();
        return app;
    }

    /** Starts a command with its standard input left open, for {@link #type(String)}. */
    static ExampleApp launch(List<String> command) throws IOException {
        return new ExampleApp(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Starts a command in a directory, as a user does from their project's directory. */
    static ExampleApp launchIn(Path directory, List<String> command) throws IOException {
        ExampleApp app = new ExampleApp(new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).start());
        app.process.getOutputStream().close();
        return app;
    }

    /** Types a line on the program's standard input. */
    void type(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Signals the program to stop (SIGTERM), as a service manager or a container runtime does. */
    void terminate() {
        // Through the handle: Process.destroy() would also close our end of its output.
        process.toHandle().destroy();
    }

    /**
     * @return the exit code, once the program has exited by itself within the deadline
     * @throws AssertionError if it is still running then (it is killed)
     */
    int awaitExit(Duration deadline) throws InterruptedException {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running " + deadline + " later; output meanwhile:\n" + String.join("\n",
                    remainingLines()));
        }
        return process.exitValue();
    }

    /** @return the output lines not read yet, up to the end of the output (once the program has exited) */
    List<String> remainingLines() throws InterruptedException {
        List<String> rest = new ArrayList<>();
        for (String line = lines.poll(5, TimeUnit.SECONDS); line != null && !line.equals(END_OF_OUTPUT);
                line = lines.poll(5, TimeUnit.SECONDS)) {
            rest.add(line);
        }
        return rest;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Path jar() {
        return Path.of(System.getProperty("kaizen.examples.jar"));
    }

    /** The launcher script the build makes beside the jar (target/kaizen). */
    static Path launcher() {
        return jar().resolveSibling("kaizen");
    }

    /** The version the build stamps into kaizen-core; the jar must report the same one. */
    static String expectedVersion() throws IOException {
        String text = Files.readString(Path.of("pom.xml"));
        int start = text.indexOf("<version>", text.indexOf("<parent>")) + "<version>".length();
        return text.substring(start, text.indexOf("</version>", start));
    }

    /** Collects output lines until one starts with {@code marker}, failing after the deadline or on exit. */
    List<String> linesUntil(String marker, Duration deadline) throws InterruptedException {
        return linesUntilAll(deadline, marker);
    }

    /**
     * Collects output lines until a line has started with each of {@code markers}, in any order
     * (the Nexus's start-up block and the app's own lines come from listeners in no set order),
     * failing after the deadline or on exit.
     */
    List<String> linesUntilAll(Duration deadline, String... markers) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        Set<String> missing = new HashSet<>(List.of(markers));
        long end = System.nanoTime() + deadline.toNanos();
        while (!missing.isEmpty()) {
            long left = end - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null || line.equals(END_OF_OUTPUT)) {
                throw new AssertionError("no line starting with " + missing + " within " + deadline + "; output:\n"
                        + String.join("\n", seen));
            }
            seen.add(line);
            missing.removeIf(line::startsWith);
        }
        return seen;
    }

    /**
     * Collects output lines until one contains a match of {@code pattern}, failing after the
     * deadline or on exit.
     *
     * @return the match in that line
     */
    Matcher awaitMatch(Pattern pattern, Duration deadline) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            String line = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(END_OF_OUTPUT)) {
                break;
            }
            seen.add(line);
            Matcher match = pattern.matcher(line);
            if (match.find()) {
                return match;
            }
        }
        throw new AssertionError("no line matching '" + pattern + "' within " + deadline + "; output:\n"
                + String.join("\n", seen));
    }

    /** Waits for the example's commands and returns the address the app serves on. */
    String awaitBaseUrl() throws InterruptedException {
        return linesUntil(TRY, Duration.ofSeconds(90)).getLast().replaceAll("^" + TRY + "(\\S+) .*$", "$1");
    }

    /** The line before the example's commands, then its address. */
    static final String TRY = "Try the examples on ";

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        catch (IOException e) {
            // Also how reading ends when the test stops the app: its output stream closes.
        }
        lines.add(END_OF_OUTPUT);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
