package io.alp.engine.search;

import io.alp.engine.model.Case;
import io.alp.engine.model.Outcome;

import java.util.List;
import java.util.Map;

/**
 * Where one node's evaluation stands, as a pure function of what it has recorded: which cases to run now and what
 * to do once they are in. Stages {@code 0 .. Racing.STAGES-1} race the node against its parent on minibatches;
 * stage {@code Racing.STAGES} is the whole dataset. A node without a parent to race (the baseline, or a session
 * with {@code evaluation: full}) starts at the whole dataset.
 */
public final class StagedEvaluation {

    public static final int FULL = Racing.STAGES;

    /** What comes next for a node. */
    public sealed interface Step {
        /** Cases of the current stage are still to run (or running). */
        record Run(List<Case> cases) implements Step {
        }

        /** The stage is decided: move to {@code stage} ({@link #FULL} for every case). */
        record Advance(int stage, String reason) implements Step {
        }

        /** The race is lost before the whole dataset: stop here, charged for what ran. */
        record Reject(String reason) implements Step {
        }

        /** Every case is in: score the node. */
        record Score() implements Step {
        }
    }

    private StagedEvaluation() {
    }

    /**
     * @param parent   the parent's outcomes, or null to evaluate on every case without racing
     * @param race     what the node races against, fixed when it was opened
     */
    public static Step next(List<Case> dataset, Map<String, Outcome> recorded, Map<String, Outcome> parent,
                            int stage, long seed, Racing.Context race) {
        boolean racing = stage < FULL && parent != null;
        List<Case> target = racing ? Racing.stage(dataset, parent, stage, seed) : dataset;
        List<Case> missing = target.stream().filter(c -> !recorded.containsKey(c.id())).toList();
        if (!missing.isEmpty()) {
            return new Step.Run(missing);
        }
        if (!racing) {
            return new Step.Score();
        }
        Racing.Result result = Racing.decide(recorded, parent, stage, race);
        return switch (result.verdict()) {
            case CONTINUE -> new Step.Advance(stage + 1, result.reason());
            case FULL -> new Step.Advance(FULL, result.reason());
            case REJECT -> recorded.size() < dataset.size() ? new Step.Reject(result.reason())
                    : new Step.Advance(FULL, result.reason());
        };
    }

    /** The stage a node starts in. */
    public static int firstStage(boolean staged, boolean hasParent) {
        return staged && hasParent ? 0 : FULL;
    }
}
