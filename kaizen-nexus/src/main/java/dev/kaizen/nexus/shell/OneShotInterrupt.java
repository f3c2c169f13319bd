package dev.kaizen.nexus.shell;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jline.utils.Signals;
import org.jspecify.annotations.Nullable;

/**
 * Ctrl-C (SIGINT) for a one-shot command: it cancels the run in the foreground at once, which
 * closes its model call; the command prints its {@code cancelled} line, as the interactive shell
 * does, and the process ends with 130 without the drain that a JVM shutdown would give the call
 * it was running (the whole drain timeout). With nothing in the foreground (starting up, listing)
 * it ends at once; a run that has not ended {@value #GRACE_MILLIS} ms after its cancel ends the
 * process anyway, as does a second Ctrl-C.
 */
public final class OneShotInterrupt {

    /** How long a cancelled run gets to end and print its line before the process ends regardless. */
    static final long GRACE_MILLIS = 800;

    private static final AtomicBoolean interrupted = new AtomicBoolean();

    private static final AtomicBoolean ending = new AtomicBoolean();

    private OneShotInterrupt() {
    }

    /** Takes SIGINT over for the rest of this process. */
    public static void install() {
        Signals.register("INT", OneShotInterrupt::interrupt);
    }

    /**
     * Called when the command has answered: after a Ctrl-C the process ends now, with its code.
     *
     * @param code the command's exit code
     */
    public static void answered(int code) {
        if (interrupted.get()) {
            end(code, null);
        }
    }

    private static void interrupt() {
        if (!interrupted.compareAndSet(false, true) || !ForegroundRun.cancel()) {
            end(ShellFailure.CANCELLED, "error: cancelled");
            return;
        }
        Thread.ofPlatform().daemon().name("kaizen-interrupt-grace").start(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(GRACE_MILLIS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            end(ShellFailure.CANCELLED, "error: cancelled");
        });
    }

    /** Ends at once, once: a drain would wait for calls that the user has just given up on. */
    private static void end(int code, @Nullable String line) {
        if (ending.compareAndSet(false, true)) {
            if (line != null) {
                System.err.println(line);
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
    }
}
