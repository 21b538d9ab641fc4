package io.alp.actors.journal;

import io.alp.actors.CborSerializable;
import io.alp.actors.node.NodeEvent;
import io.alp.actors.session.SessionActor;
import io.alp.actors.session.SessionSpec;
import io.alp.engine.model.Case;
import io.alp.engine.model.Dataset;
import io.alp.engine.model.DatasetRef;
import io.alp.engine.model.Edit;
import io.alp.engine.model.WorldSpec;
import io.alp.engine.model.WorldRef;
import io.alp.engine.search.Racing;

import java.util.List;
import java.util.function.Function;

/**
 * Events as journals written before events referred to worlds and datasets: a node's {@code Opened} embedded the
 * world definition and every case, a session's {@code SessionStarted} the whole dataset. Such rows are read as
 * these records ({@link JournalMigrations} names them for the serializer), and {@link #upcast} turns them into the
 * current events, storing what they embedded where the references lead.
 */
public final class LegacyEvents {

    /** {@link NodeEvent.Opened} before version 2. */
    public record OpenedV1(String sessionId, String nodeId, String parentId, String parentSource, Edit edit,
                           WorldSpec world, List<Case> cases, boolean staged, long raceSeed,
                           Racing.Context race) implements CborSerializable {
    }

    /** {@link SessionActor.SessionStarted} before version 2. */
    public record SessionStartedV1(SessionSpec spec, Dataset dataset, String worldLabel, boolean simulated,
                                   double roundReserveUsd, double compoundReserveUsd) implements CborSerializable {
    }

    /** Where the content of an old event goes: each function stores it and returns its reference. */
    public record Sinks(Function<WorldSpec, WorldRef> worlds, Function<Dataset, DatasetRef> datasets) {
    }

    private LegacyEvents() {
    }

    /** {@code event} as a current event: old shapes converted (their content stored through {@code sinks}). */
    public static Object upcast(Object event, Sinks sinks) {
        if (event instanceof OpenedV1 e) {
            Dataset cases = Dataset.freeze("cases of node " + e.sessionId() + "/" + e.nodeId(), e.cases());
            return new NodeEvent.Opened(e.sessionId(), e.nodeId(), e.parentId(), e.parentSource(), e.edit(),
                    sinks.worlds().apply(e.world()), sinks.datasets().apply(cases).id(), e.staged(), e.raceSeed(),
                    e.race());
        }
        if (event instanceof SessionStartedV1 e) {
            sinks.worlds().apply(e.spec().world());
            return new SessionActor.SessionStarted(e.spec(), sinks.datasets().apply(e.dataset()), e.worldLabel(),
                    e.simulated(), e.roundReserveUsd(), e.compoundReserveUsd(), null);
        }
        return event;
    }
}
