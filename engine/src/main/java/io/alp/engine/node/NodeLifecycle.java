package io.alp.engine.node;

import io.alp.engine.frontier.PassMask;
import io.alp.engine.model.Case;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.port.CombinedEdits;
import io.alp.engine.port.Materialized;
import io.alp.engine.port.Materializer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A tree node's lifecycle as a pure state machine. Each state takes the facts that move it on and returns the next
 * state, and makes the decisions its phase calls for; drivers carry them out (the node actor journals each fact
 * before it applies it, the in-process search applies it at once).
 *
 * <pre>
 * Unopened -> Materializing -> Reserving -> Evaluating -> Scored | Rejected
 *                          \-> EditFailed  \-> Denied
 * </pre>
 */
public sealed interface NodeLifecycle permits NodeLifecycle.Unopened, NodeLifecycle.Materializing,
        NodeLifecycle.Reserving, Evaluating, NodeLifecycle.Evaluated, NodeLifecycle.EditFailed,
        NodeLifecycle.Denied {

    NodePhase phase();

    /** What the node is; null until it is opened. */
    NodeSpec spec();

    /** Its source once materialized, else null. */
    default String sourceRef() {
        return null;
    }

    /** The outcomes it recorded, by case, in the order recorded. */
    default Map<String, Outcome> outcomes() {
        return Map.of();
    }

    default Score score() {
        return null;
    }

    default boolean pruned() {
        return false;
    }

    /** Taken off the frontier. Only a scored node is ever on it: any other stays as it is. */
    default NodeLifecycle prune() {
        return this;
    }

    /** A node whose evaluation ended: what it is, its source, outcomes and charge are its evaluation's. */
    sealed interface Evaluated extends NodeLifecycle permits Scored, Rejected {
        Evaluating evaluation();

        @Override
        default NodeSpec spec() {
            return evaluation().spec();
        }

        @Override
        default String sourceRef() {
            return evaluation().sourceRef();
        }

        @Override
        default Map<String, Outcome> outcomes() {
            return evaluation().outcomes();
        }

        default double chargedUsd() {
            return evaluation().chargedUsd();
        }
    }

    /** A node nothing was recorded for yet. */
    record Unopened() implements NodeLifecycle {

        @Override
        public NodePhase phase() {
            return NodePhase.BLANK;
        }

        @Override
        public NodeSpec spec() {
            return null;
        }

        public Materializing open(NodeSpec spec) {
            return new Materializing(spec);
        }
    }

    /** Opened: its edit is to be applied to its parent's source. */
    record Materializing(NodeSpec spec) implements NodeLifecycle {

        @Override
        public NodePhase phase() {
            return NodePhase.OPENED;
        }

        /**
         * Applies the edit (the baseline's source for the baseline; a combined edit part by part, {@link
         * CombinedEdits}); a materializer that fails fails the edit.
         */
        public CompletionStage<Materialized> materialize(Materializer materializer) {
            return Materialized.guarded(() -> spec.baseline()
                    ? CompletableFuture.completedFuture(Materialized.ok(materializer.baselineSource(), 0))
                    : CombinedEdits.apply(materializer, spec.parentSource(), spec.edit()));
        }

        public Reserving materialized(String sourceRef, double costUsd) {
            return materialized(sourceRef, costUsd, List.of());
        }

        /** @param skippedParts the parts of its combined edit that could not be applied ({@link Materialized}) */
        public Reserving materialized(String sourceRef, double costUsd, List<Integer> skippedParts) {
            return new Reserving(spec, sourceRef, costUsd, skippedParts);
        }

        public EditFailed editFailed(String reason, double costUsd) {
            return new EditFailed(spec, reason, costUsd);
        }
    }

    /**
     * Its source is made: it waits for its session to reserve what its evaluation may cost.
     *
     * @param skippedParts the parts of its combined edit left out because they could not be applied
     */
    record Reserving(NodeSpec spec, String sourceRef, double materializeCostUsd, List<Integer> skippedParts)
            implements NodeLifecycle {

        public Reserving {
            skippedParts = List.copyOf(skippedParts);
        }

        @Override
        public NodePhase phase() {
            return NodePhase.MATERIALIZED;
        }

        public Evaluating granted(double amountUsd) {
            return new Evaluating(spec, sourceRef, materializeCostUsd, spec.firstStage(), Math.max(0, amountUsd),
                    Map.of(), 0);
        }

        public Denied denied(String reason) {
            return new Denied(spec, sourceRef, materializeCostUsd, reason);
        }
    }

    /** Every case of the dataset recorded: a point for the frontier, and a parent for the next rounds. */
    record Scored(Evaluating evaluation, Score score, boolean pruned) implements Evaluated {

        @Override
        public NodePhase phase() {
            return NodePhase.SCORED;
        }

        @Override
        public Scored prune() {
            return new Scored(evaluation, score, true);
        }

        /** Which cases of the dataset it passed ({@link PassMask}). */
        public String passMask(List<Case> dataset) {
            return PassMask.of(dataset, evaluation.outcomes());
        }
    }

    /** Ended unscored: it lost its race, or the budget could not cover its next case. */
    record Rejected(Evaluating evaluation, String reason) implements Evaluated {

        @Override
        public NodePhase phase() {
            return NodePhase.REJECTED;
        }
    }

    /** Its edit could not be applied; what trying cost is still spent. */
    record EditFailed(NodeSpec spec, String reason, double materializeCostUsd) implements NodeLifecycle {

        @Override
        public NodePhase phase() {
            return NodePhase.EDIT_FAILED;
        }
    }

    /** Its session could not reserve its evaluation: nothing was run. */
    record Denied(NodeSpec spec, String sourceRef, double materializeCostUsd, String reason)
            implements NodeLifecycle {

        @Override
        public NodePhase phase() {
            return NodePhase.DENIED;
        }
    }
}
