package io.alp.actors.node;

import io.alp.actors.CborSerializable;
import io.alp.engine.evaluation.EvaluationAllowance;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.search.StagedEvaluation;

import java.util.Map;

/**
 * The shape node snapshots are saved in ({@link NodeJournal#snapshots()}); kept as it was, so old ones load. These
 * records were nested in {@code NodeActor} (as its {@code State}) until they moved here; snapshots saved under the
 * old names are read as them (see {@link io.alp.actors.journal.JournalMigrations}).
 */
public sealed interface NodeSnapshot extends CborSerializable {

    record Blank() implements NodeSnapshot {
    }

    enum Phase { OPENED, MATERIALIZED, EVALUATING, SCORED, REJECTED, EDIT_FAILED, DENIED }

    /**
     * @param stage      the evaluation's stage ({@link StagedEvaluation}): racing minibatches, then every case
     * @param grantedUsd what the session reserved for the evaluation so far ({@link EvaluationAllowance})
     */
    record NodeState(NodeEvent.Opened spec, Phase phase, String sourceRef, double materializeCostUsd,
                     Map<String, Outcome> outcomes, double evaluationCostUsd, int stage, Score score,
                     String failure, boolean pruned, double grantedUsd) implements NodeSnapshot {
    }
}
