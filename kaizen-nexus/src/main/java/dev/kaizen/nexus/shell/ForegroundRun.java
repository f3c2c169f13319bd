package dev.kaizen.nexus.shell;

import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.channel.RunHandle;

/**
 * The run the interactive shell is waiting for, so that Ctrl-C cancels that run and brings the
 * prompt back instead of ending the shell. A terminal runs one command at a time, so one slot is
 * enough; it is empty while the shell waits for a line (where the line reader handles Ctrl-C).
 */
final class ForegroundRun {

    private static final AtomicReference<@Nullable RunHandle> current = new AtomicReference<>();

    private ForegroundRun() {
    }

    static void started(RunHandle run) {
        current.set(run);
    }

    static void ended(@Nullable RunHandle run) {
        if (run != null) {
            current.compareAndSet(run, null);
        }
    }

    /** @return whether a run was in the foreground and is now cancelled */
    static boolean cancel() {
        RunHandle run = current.getAndSet(null);
        if (run == null) {
            return false;
        }
        run.cancelRun();
        return true;
    }
}
