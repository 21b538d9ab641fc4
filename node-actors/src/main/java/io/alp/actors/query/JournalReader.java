package io.alp.actors.query;

import io.alp.actors.journal.LegacyEvents;
import io.alp.actors.node.NodeActor;
import io.alp.actors.node.NodeEvent;
import io.alp.actors.runtime.Catalog;
import io.alp.actors.session.SessionActor;
import io.alp.engine.model.Dataset;
import io.alp.engine.model.WorldSpec;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentPersistenceIdsQuery;
import org.apache.pekko.stream.javadsl.Sink;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Reads sessions and nodes straight from the journal, without starting their entities: what {@code alp sessions},
 * {@code alp show} and {@code alp replay} use, so that reading never drives a search. Events come back in their
 * current shape; what an old-format event embedded is kept in this reader (never written: reading stores nothing)
 * and resolves like what the catalog holds.
 */
public final class JournalReader {

    private static final String SESSION_PREFIX = SessionActor.TYPE_KEY.name() + "|";

    private final ActorSystem<?> system;
    private final CurrentEventsByPersistenceIdQuery events;
    private final CurrentPersistenceIdsQuery ids;
    private final Catalog catalog;
    private final LegacyEvents.Sinks legacy;

    /** A reader that resolves references only to what old-format events embedded. */
    public JournalReader(ActorSystem<?> system) {
        this(system, Catalog.inMemory());
    }

    /** @param catalog where the journal's references (datasets, worlds) are stored */
    public JournalReader(ActorSystem<?> system, Catalog catalog) {
        this.system = system;
        Catalog learned = Catalog.inMemory();
        this.catalog = learned.over(catalog);
        this.legacy = new LegacyEvents.Sinks(w -> {
            learned.putWorld(w);
            return w.ref();
        }, d -> {
            learned.putDataset(d);
            return d.ref();
        });
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
                .map(e -> (SessionActor.Event) LegacyEvents.upcast(e.event(), legacy))
                .runWith(Sink.seq(), system);
    }

    /** A session event with where it sits in the session's journal and when it was written (epoch millis). */
    public record Journaled(long sequenceNr, long timestamp, SessionActor.Event event) {
    }

    /** The session's events from {@code fromSequenceNr} on (1 is the first), as far as the journal holds them now. */
    public CompletionStage<List<Journaled>> sessionEventsFrom(String sessionId, long fromSequenceNr) {
        return events.currentEventsByPersistenceId(SESSION_PREFIX + sessionId, fromSequenceNr, Long.MAX_VALUE)
                .map(e -> new Journaled(e.sequenceNr(), e.timestamp(),
                        (SessionActor.Event) LegacyEvents.upcast(e.event(), legacy)))
                .runWith(Sink.seq(), system);
    }

    public CompletionStage<List<NodeEvent>> nodeEvents(String sessionId, String nodeId) {
        String pid = NodeActor.TYPE_KEY.name() + "|" + NodeActor.entityId(sessionId, nodeId);
        return events.currentEventsByPersistenceId(pid, 0, Long.MAX_VALUE)
                .map(e -> (NodeEvent) LegacyEvents.upcast(e.event(), legacy))
                .runWith(Sink.seq(), system);
    }

    /**
     * The frozen dataset a session's events name, from the catalog (or an old-format event read before).
     *
     * @throws IllegalStateException when it is stored nowhere this reader looks
     */
    public Dataset dataset(String id) {
        return catalog.dataset(id).orElseThrow(() -> new IllegalStateException("dataset " + id
                + " is referred to by the journal but is not in the dataset store"));
    }

    /** The world definition with content hash {@code hash}, if stored. */
    public Optional<WorldSpec> world(String hash) {
        return catalog.world(hash);
    }
}
