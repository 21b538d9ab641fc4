package io.alp.actors.query;

import io.alp.actors.node.NodeActor;
import io.alp.actors.session.SessionActor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentPersistenceIdsQuery;
import org.apache.pekko.stream.javadsl.Sink;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Reads sessions and nodes straight from the journal, without starting their entities: what {@code alp sessions},
 * {@code alp show} and {@code alp replay} use, so that reading never drives a search.
 */
public final class JournalReader {

    private static final String SESSION_PREFIX = SessionActor.TYPE_KEY.name() + "|";

    private final ActorSystem<?> system;
    private final CurrentEventsByPersistenceIdQuery events;
    private final CurrentPersistenceIdsQuery ids;

    public JournalReader(ActorSystem<?> system) {
        this.system = system;
        String plugin = system.settings().config().getString("alp.read-journal-plugin");
        this.events = PersistenceQuery.get(system).getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, plugin);
        this.ids = PersistenceQuery.get(system).getReadJournalFor(CurrentPersistenceIdsQuery.class, plugin);
    }

    public CompletionStage<List<String>> sessionIds() {
        return ids.currentPersistenceIds()
                .filter(id -> id.startsWith(SESSION_PREFIX))
                .map(id -> id.substring(SESSION_PREFIX.length()))
                .runWith(Sink.seq(), system)
                .thenApply(list -> list.stream().sorted().toList());
    }

    /** The session as of its first {@code upToEvent} events (all of them with {@code Long.MAX_VALUE}). */
    public CompletionStage<Optional<SessionActor.Active>> session(String sessionId, long upToEvent) {
        return sessionEvents(sessionId, upToEvent).thenApply(list -> {
            SessionActor.State state = new SessionActor.Empty();
            for (SessionActor.Event e : list) {
                state = SessionActor.apply(state, e);
            }
            return state instanceof SessionActor.Active a ? Optional.of(a) : Optional.empty();
        });
    }

    public CompletionStage<List<SessionActor.Event>> sessionEvents(String sessionId, long upToEvent) {
        return events.currentEventsByPersistenceId(SESSION_PREFIX + sessionId, 0, upToEvent)
                .map(EventEnvelope::event)
                .map(SessionActor.Event.class::cast)
                .runWith(Sink.seq(), system);
    }

    /** A session event with where it sits in the session's journal and when it was written (epoch millis). */
    public record Journaled(long sequenceNr, long timestamp, SessionActor.Event event) {
    }

    /** The session's events from {@code fromSequenceNr} on (1 is the first), as far as the journal holds them now. */
    public CompletionStage<List<Journaled>> sessionEventsFrom(String sessionId, long fromSequenceNr) {
        return events.currentEventsByPersistenceId(SESSION_PREFIX + sessionId, fromSequenceNr, Long.MAX_VALUE)
                .map(e -> new Journaled(e.sequenceNr(), e.timestamp(), (SessionActor.Event) e.event()))
                .runWith(Sink.seq(), system);
    }

    public CompletionStage<List<NodeActor.Event>> nodeEvents(String sessionId, String nodeId) {
        String pid = NodeActor.TYPE_KEY.name() + "|" + NodeActor.entityId(sessionId, nodeId);
        return events.currentEventsByPersistenceId(pid, 0, Long.MAX_VALUE)
                .map(EventEnvelope::event)
                .map(NodeActor.Event.class::cast)
                .runWith(Sink.seq(), system);
    }
}
