package io.alp.actors;

import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.SupervisorStrategy;

import java.time.Duration;

/** How the event-sourced entities meet a journal write that failed. */
public final class JournalFailures {

    /** Restart the entity from its journal, backing off, instead of stopping it for good. */
    public static final BackoffSupervisorStrategy RESTART =
            SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2);

    private JournalFailures() {
    }
}
