package dev.kaizen.nexus.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

import dev.kaizen.nexus.Nexus;

/**
 * Drains the Nexus's calls when the application stops (SIGTERM, {@code context.close()}): new
 * calls are refused with {@code shutting-down}, running ones get the drain timeout to finish, and
 * those still running are cancelled and answer {@code shutting-down} while their connections are
 * still open. Runs as the {@link ShutdownStep#DRAIN_PHASE} step, before the web server's graceful
 * shutdown, which then only waits for those answers to be written.
 */
final class NexusDrain implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(NexusDrain.class);

    private final Nexus nexus;

    private final ApplicationEventPublisher events;

    NexusDrain(Nexus nexus, ApplicationEventPublisher events) {
        this.nexus = nexus;
        this.events = events;
    }

    @Override
    public void run() {
        // Readiness (/actuator/health/readiness) answers 503 from now on, as /health does.
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        int inFlight = nexus.callsInFlight();
        if (inFlight > 0) {
            log.info("Draining {} running calls (up to {} ms)", inFlight, nexus.drainTimeout().toMillis());
        }
        int cancelled = nexus.drain();
        if (cancelled > 0) {
            log.warn("{} calls were still running after {} ms and were cancelled; they answered shutting-down",
                    cancelled, nexus.drainTimeout().toMillis());
        }
    }
}
