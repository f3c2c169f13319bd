package dev.kaizen.nexus.channel;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The timer that keeps long-lived answers (event streams) alive while their run is silent: a
 * channel schedules a beat per open answer and cancels it when the answer ends. One daemon timer
 * thread serves every channel; each beat runs on a virtual thread of its own, so that a beat stuck
 * on a client that stopped reading holds up no other answer. A beat should skip its write when the
 * answer is busy writing (or stuck), rather than wait.
 */
public final class Heartbeats {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Heartbeats() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                runnable -> Thread.ofPlatform().daemon().name("kaizen-heartbeat").unstarted(runnable));
        timer.setRemoveOnCancelPolicy(true); // an answer that ended leaves the queue at once
        return timer;
    }

    /**
     * @param every the time between beats, the first one included; at least one millisecond is used
     * @param beat what to do on each beat, on a virtual thread
     * @return cancel it when the answer ends
     */
    public static ScheduledFuture<?> every(Duration every, Runnable beat) {
        long millis = Math.max(1, every.toMillis());
        Thread.Builder beats = Thread.ofVirtual().name("kaizen-heartbeat");
        return TIMER.scheduleWithFixedDelay(() -> beats.start(beat), millis, millis, TimeUnit.MILLISECONDS);
    }
}
