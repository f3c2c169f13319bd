package dev.kaizen.nexus.shell;

/**
 * A shell command that failed, with the process exit code it stands for.
 */
public final class ShellFailure extends RuntimeException {

    /** Success. */
    public static final int OK = 0;

    /** The agent failed or timed out, or the remote Nexus could not be reached. */
    public static final int FAILED = 1;

    /** Invalid input or an unknown workflow: the caller can fix it. */
    public static final int USAGE = 2;

    private final int exitCode;

    private final boolean showUsage;

    private ShellFailure(int exitCode, String message, boolean showUsage) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.showUsage = showUsage;
    }

    /**
     * @param message what is wrong with the input, naming the field
     * @return a failure with exit code {@value #USAGE} that shows the command's usage
     */
    public static ShellFailure invalidInput(String message) {
        return new ShellFailure(USAGE, message, true);
    }

    /**
     * @param message which workflow or session is unknown
     * @return a failure with exit code {@value #USAGE}
     */
    public static ShellFailure notFound(String message) {
        return new ShellFailure(USAGE, message, false);
    }

    /**
     * @param message what failed
     * @return a failure with exit code {@value #FAILED}
     */
    public static ShellFailure failed(String message) {
        return new ShellFailure(FAILED, message, false);
    }

    /**
     * @return the process exit code this failure stands for
     */
    public int exitCode() {
        return exitCode;
    }

    /**
     * @return whether the command's usage helps the user fix this
     */
    public boolean showUsage() {
        return showUsage;
    }
}
