package dev.kaizen.nexus.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the process was started with its standard input closed ({@code <&-}). The JVM then
 * hands file descriptor 0 to the first file it opens (a jar, the runtime's modules), and a shell
 * reading "stdin" would read that file as commands, for ever. Known on Linux (through
 * {@code /proc}); elsewhere assumed open.
 */
public final class StandardInput {

    private static final Path FD_0 = Path.of("/proc/self/fd/0");

    private static final Path FD_1 = Path.of("/proc/self/fd/1");

    private static final Path FD_2 = Path.of("/proc/self/fd/2");

    private StandardInput() {
    }

    /**
     * @return whether standard input (and output) is an interactive terminal, rather than a file
     *     or a pipe
     */
    public static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Console.isTerminal() exists from JDK 22 on, where System.console() is never null.
            return (boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        }
        catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console at all means a terminal
        }
    }

    /**
     * @return whether standard error is a terminal, where a progress line may be drawn: on Linux,
     *     whether file descriptor 2 is a terminal device; elsewhere, {@link #isTerminal()}
     */
    public static boolean isErrorTerminal() {
        return isTerminalDevice(FD_2);
    }

    /**
     * @return whether standard output is a terminal, where a model's text may stream before the
     *     result (never into a pipe or a file, which gets the result alone): on Linux, whether file
     *     descriptor 1 is a terminal device; elsewhere, {@link #isTerminal()}
     */
    public static boolean isOutputTerminal() {
        return isTerminalDevice(FD_1);
    }

    private static boolean isTerminalDevice(Path descriptor) {
        if (!Files.isSymbolicLink(descriptor)) {
            return isTerminal();
        }
        try {
            String target = Files.readSymbolicLink(descriptor).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        }
        catch (IOException | UnsupportedOperationException | SecurityException e) {
            return isTerminal();
        }
    }

    /**
     * @return whether file descriptor 0 is one of the JVM's own files instead of what the process
     *     was given
     */
    public static boolean closedAtLaunch() {
        if (!Files.isSymbolicLink(FD_0)) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(FD_0).toString();
            String javaHome = System.getProperty("java.home", "\u0000");
            return target.endsWith(".jar") || target.startsWith(javaHome) || target.endsWith(".class");
        }
        catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
