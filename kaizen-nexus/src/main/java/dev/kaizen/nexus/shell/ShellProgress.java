package dev.kaizen.nexus.shell;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.channel.RunHandle;
import dev.kaizen.nexus.channel.RunListener;

/**
 * What the shell shows of a run while it runs. On a terminal, a run that takes longer than
 * {@value #QUIET_MILLIS} ms gets a spinner line on stderr with its latest progress message, erased
 * when the run ends or its first token is printed; elsewhere (a pipe, a file) nothing. With
 * {@code --format text} the model's output streams to stdout as it is written, as text: a JSON
 * answer shows as the text of its first string field ({@link ReadableTokens}).
 *
 * <h2>Concurrency</h2>
 * The run's thread reports; a shared timer thread draws. Drawing and erasing hold this object's
 * monitor, and once the run ends nothing is drawn.
 */
final class ShellProgress implements RunListener, AutoCloseable {

    /** Runs shorter than this show no spinner at all. */
    static final long QUIET_MILLIS = 300;

    private static final long FRAME_MILLIS = 100;

    private static final String FRAMES = "|/-\\";

    private static final ScheduledExecutorService SPINNERS = Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().daemon().name("kaizen-shell-progress").unstarted(runnable));

    private final PrintWriter err;

    private final @Nullable PrintWriter tokensTo;

    private final @Nullable ScheduledFuture<?> spinner;

    private volatile String latest = "running";

    /** Guarded by {@code this}. */
    private int frame;

    /** Guarded by {@code this}. */
    private boolean drawn;

    /** Guarded by {@code this}. */
    private boolean stopped;

    private volatile boolean printedTokens;

    private volatile @Nullable RunHandle run;

    /** What of the tokens a person reads: a model's JSON answer shows as its text. Tokens come one at a time. */
    private final ReadableTokens readable = new ReadableTokens();

    /**
     * @param err standard error
     * @param tokensTo where tokens stream ({@code --format text}), or {@code null} for none
     * @param terminal whether a person watches a terminal, who gets the spinner
     */
    ShellProgress(PrintWriter err, @Nullable PrintWriter tokensTo, boolean terminal) {
        this.err = err;
        this.tokensTo = tokensTo;
        this.spinner = terminal ? SPINNERS.scheduleAtFixedRate(this::draw, QUIET_MILLIS, FRAME_MILLIS,
                TimeUnit.MILLISECONDS) : null;
    }

    @Override
    public void started(RunHandle handle) {
        this.run = handle;
        ForegroundRun.started(handle);
    }

    @Override
    public void progress(String message, @Nullable Double fraction) {
        latest = RunListener.progressText(message, fraction);
    }

    @Override
    public void token(String token) {
        if (tokensTo == null) {
            return;
        }
        String text = readable.next(token);
        if (text.isEmpty()) {
            return;
        }
        if (!printedTokens) {
            stopSpinner(); // output and a spinner on one terminal would garble each other
            printedTokens = true;
        }
        tokensTo.print(text);
        tokensTo.flush();
    }

    @Override
    public boolean wantsTokens() {
        return tokensTo != null;
    }

    /** @return whether tokens were printed, so the outputs start on a line of their own */
    boolean printedTokens() {
        return printedTokens;
    }

    private synchronized void draw() {
        if (stopped) {
            return;
        }
        err.print("\r" + FRAMES.charAt(frame++ % FRAMES.length()) + " " + latest + "\u001b[K");
        err.flush();
        drawn = true;
    }

    private synchronized void stopSpinner() {
        stopped = true;
        if (spinner != null) {
            spinner.cancel(false);
        }
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
            drawn = false;
        }
    }

    @Override
    public void close() {
        ForegroundRun.ended(run);
        stopSpinner();
        if (printedTokens && tokensTo != null) {
            tokensTo.println();
        }
    }
}
