package dev.kaizen.nexus.shell;

import java.util.Map;

import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.FailureKind;

/**
 * A shell command that failed, with the process exit code it stands for. {@link #exitCode(FailureKind)}
 * is the shell column of the failure table.
 */
public final class ShellFailure extends RuntimeException {

    /** Success. */
    public static final int OK = 0;

    /** The agent failed or timed out, or the remote Nexus could not be reached. */
    public static final int FAILED = 1;

    /** Invalid input or an unknown workflow: the caller can fix it. */
    public static final int USAGE = 2;

    /** Refused for the caller's credentials or scopes (sysexits' EX_NOPERM). */
    public static final int NO_PERMISSION = 77;

    /** Overloaded: try again later (sysexits' EX_TEMPFAIL). */
    public static final int TEMPORARY = 75;

    /** Cancelled (Ctrl-C), as a shell reports a process ended by SIGINT. */
    public static final int CANCELLED = 130;

    private final int exitCode;

    private final boolean showUsage;

    private ShellFailure(int exitCode, String message, boolean showUsage) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.showUsage = showUsage;
    }

    /**
     * @param failure a classified failure
     * @return the same failure as the shell reports it, with the exit code of its kind
     */
    public static ShellFailure of(CallFailure failure) {
        // The same hint as a remote command prints from Retry-After.
        String retry = failure.retryAfter() == null ? "" : "; try again in " + failure.retryAfterSeconds() + " s";
        return of(failure.kind(), failure.getMessage() + retry);
    }

    /**
     * @param problem a problem document ({@code type} ends with the failure kind's slug)
     * @return the failure it describes, as the shell reports it
     */
    public static ShellFailure ofProblem(Map<String, ?> problem) {
        String type = String.valueOf(problem.get("type"));
        FailureKind kind = FailureKind.ofSlug(type.substring(type.lastIndexOf(':') + 1)).orElse(FailureKind.INTERNAL);
        return of(kind, String.valueOf(problem.get("detail")));
    }

    /**
     * @param kind what went wrong
     * @param message what to print
     * @return the failure with the exit code of its kind; invalid inputs show the usage
     */
    public static ShellFailure of(FailureKind kind, String message) {
        return new ShellFailure(exitCode(kind), message, kind == FailureKind.INVALID_INPUTS);
    }

    /**
     * The shell column of the failure table (docs/errors.md).
     *
     * @param kind what went wrong
     * @return the exit code it stands for
     */
    public static int exitCode(FailureKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, INVALID_INPUTS, INVALID_SESSION_ID, SESSION_REQUIRED, SESSION_NOT_FOUND,
                    SESSION_EXISTS, SESSION_STATE_TOO_LARGE, NOT_FOUND, PAYLOAD_TOO_LARGE -> USAGE;
            case UNAUTHENTICATED, FORBIDDEN -> NO_PERMISSION;
            case OVERLOADED, SHUTTING_DOWN, INSTANCE_LOST, MODEL_RATE_LIMITED, RATE_LIMITED, SESSION_QUOTA_EXCEEDED,
                    SESSION_STORE_FULL -> TEMPORARY;
            case CANCELLED -> CANCELLED;
            case SESSION_STORE_UNAVAILABLE, TIMEOUT, MODEL_UNAVAILABLE, AGENT_FAILURE, INTERNAL -> FAILED;
        };
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
