package dev.kaizen.nexus.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The shell when its input is not a terminal (a file or a pipe of commands): one command per
 * line, read as it comes, with no line editing (JLine redraws a line for every character, which
 * takes seconds for a long line). Blank lines and lines starting with {@code #} are skipped;
 * {@code quit} or {@code exit} ends it, as does the end of the input.
 */
public final class ScriptedShell {

    private ScriptedShell() {
    }

    /**
     * @param operations what the commands do
     * @param in the commands, one a line
     * @param out where results go
     * @param err where error lines go
     * @return 0 when every command succeeded, otherwise the exit code of the last one that failed
     * @throws IOException if the input cannot be read
     */
    public static int run(ShellOperations operations, BufferedReader in, PrintWriter out, PrintWriter err)
            throws IOException {
        int code = ShellFailure.OK;
        String line;
        while ((line = in.readLine()) != null && !ShellLine.leaves(line)) {
            int result = ShellLine.run(operations, line, out, err);
            if (result != ShellFailure.OK) {
                code = result;
            }
        }
        return code;
    }
}
