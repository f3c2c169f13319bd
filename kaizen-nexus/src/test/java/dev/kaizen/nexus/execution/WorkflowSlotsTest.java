package dev.kaizen.nexus.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.Concurrently;
import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.FailureKind;

/** A workflow's places: never more running than allowed, no place lost or doubled under many threads. */
class WorkflowSlotsTest {

    @Test
    void manyThreadsNeverRunMoreThanAllowedAndEveryPlaceComesBack() throws Exception {
        WorkflowSlots slots = new WorkflowSlots("w", new RunLimits(3, 10_000, Duration.ofSeconds(1)));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        Concurrently.run(32, thread -> {
            for (int i = 0; i < 500; i++) {
                WorkflowSlots.Ticket ticket = slots.admit();
                ticket.awaitTurn();
                int now = inside.incrementAndGet();
                most.accumulateAndGet(now, Math::max);
                inside.decrementAndGet();
                ticket.release();
                completed.incrementAndGet();
            }
        });

        assertThat(completed.get()).isEqualTo(32 * 500);
        assertThat(most.get()).isLessThanOrEqualTo(3);
        assertThat(slots.running()).as("every place came back").isZero();
        assertThat(slots.waiting()).isZero();
    }

    @Test
    void beyondTheQueueIsOverloadedAndAWithdrawnTicketGivesItsPlaceUp() {
        WorkflowSlots slots = new WorkflowSlots("w", new RunLimits(1, 1, Duration.ofSeconds(2)));
        WorkflowSlots.Ticket first = slots.admit();
        WorkflowSlots.Ticket second = slots.admit();

        assertThat(first.queued()).isFalse();
        assertThat(second.queued()).isTrue();
        assertThatThrownBy(slots::admit).isInstanceOfSatisfying(CallFailure.class, failure -> {
            assertThat(failure.kind()).isEqualTo(FailureKind.OVERLOADED);
            assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        });

        second.withdraw();
        assertThatThrownBy(second::awaitTurn).isInstanceOfSatisfying(CallFailure.class,
                failure -> assertThat(failure.kind()).isEqualTo(FailureKind.CANCELLED));
        WorkflowSlots.Ticket third = slots.admit(); // the withdrawn one's queue place is free again
        first.release();
        third.awaitTurn(); // handed the place the first run gave back
        third.release();
        second.release(); // a withdrawn ticket gives nothing back twice
        assertThat(slots.running()).isZero();
    }
}
