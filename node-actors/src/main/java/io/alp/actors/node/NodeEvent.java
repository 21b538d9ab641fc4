package io.alp.actors.node;

import io.alp.actors.CborSerializable;
import io.alp.actors.journal.LegacyEvents;
import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.model.WorldRef;
import io.alp.engine.search.Racing;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link NodeActor} journals. These records were nested in {@code NodeActor} until they moved here; rows
 * written under their old names ({@code NodeActor$Opened}...) are read as them (see
 * {@link io.alp.actors.journal.JournalMigrations}).
 */
public sealed interface NodeEvent extends CborSerializable {

    /**
     * The node's spec. It refers to its world by content hash and to its cases by the dataset's id (version 2 of
     * this event; version 1 embedded both, see {@link LegacyEvents.OpenedV1}).
     *
     * @param race what its staged evaluation races against (none in nodes opened before it was recorded)
     */
    record Opened(String sessionId, String nodeId, String parentId, String parentSource, Edit edit,
                  WorldRef world, String datasetId, boolean staged, long raceSeed,
                  Racing.Context race) implements NodeEvent {
        public Opened {
            race = race == null ? Racing.Context.NONE : race;
        }
    }

    /**
     * @param skippedParts the parts of a combined edit that could not be applied, 0-based (none in events written
     *                     before they were recorded, when a part that failed failed the whole edit)
     */
    record SourceMaterialized(String sourceRef, double costUsd, List<Integer> skippedParts) implements NodeEvent {
        public SourceMaterialized {
            skippedParts = skippedParts == null ? List.of() : List.copyOf(skippedParts);
        }
    }

    record EditFailed(String reason, double costUsd) implements NodeEvent {
    }

    record EvaluationGranted(double amountUsd) implements NodeEvent {
    }

    record EvaluationDenied(String reason) implements NodeEvent {
    }

    /** @param chargedUsd what this evaluation cost the session (0 when it came from the cache) */
    record CaseRecorded(Outcome outcome, double chargedUsd) implements NodeEvent {
    }

    /** Several outcomes that came in together, written as one journal row (a commit each costs the store dearly). */
    record CasesRecorded(List<CaseRecorded> cases) implements NodeEvent {
        public CasesRecorded {
            cases = List.copyOf(cases);
        }
    }

    record StageAdvanced(int stage, String reason) implements NodeEvent {
    }

    record Rejected(String reason) implements NodeEvent {
    }

    record Scored(Score score) implements NodeEvent {
    }

    record Pruned(String reason) implements NodeEvent {
    }

    /** Every case outcome a node's events record, in the order recorded: one at a time and in batches alike. */
    static List<CaseRecorded> recordedCases(List<? extends NodeEvent> events) {
        List<CaseRecorded> all = new ArrayList<>();
        for (NodeEvent e : events) {
            if (e instanceof CaseRecorded r) {
                all.add(r);
            } else if (e instanceof CasesRecorded batch) {
                all.addAll(batch.cases());
            }
        }
        return all;
    }
}
