package io.alp.engine.node;

import io.alp.engine.evaluation.EvaluationAllowance;
import io.alp.engine.model.Case;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.search.StagedEvaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node admitted for evaluation: it sends the cases of its stage out as far as its reservation covers them at the
 * per-case cap, records each outcome once, and ends scored, or rejected by its race or by the budget.
 *
 * @param stage      the evaluation's stage ({@link StagedEvaluation}): racing minibatches, then every case
 * @param grantedUsd what the session reserved for the evaluation so far ({@link EvaluationAllowance})
 * @param outcomes   the outcomes recorded, by case, in the order recorded (a view: the map given is not copied)
 * @param chargedUsd what the outcomes recorded cost the session
 */
public record Evaluating(NodeSpec spec, String sourceRef, double materializeCostUsd, int stage, double grantedUsd,
                         Map<String, Outcome> outcomes, double chargedUsd) implements NodeLifecycle {

    public Evaluating {
        outcomes = Collections.unmodifiableMap(outcomes);
    }

    @Override
    public NodePhase phase() {
        return NodePhase.EVALUATING;
    }

    // ---- transitions ----------------------------------------------------------------------------------------

    /** The reservation raised; a grant below what it holds changes nothing. */
    public Evaluating granted(double amountUsd) {
        return new Evaluating(spec, sourceRef, materializeCostUsd, stage, Math.max(grantedUsd, amountUsd), outcomes,
                chargedUsd);
    }

    /** Outcomes recorded, in order; a case recorded again keeps its place and takes the later outcome. */
    public Evaluating recorded(List<RecordedCase> cases) {
        Map<String, Outcome> all = new LinkedHashMap<>(outcomes);
        double charged = chargedUsd;
        for (RecordedCase r : cases) {
            all.put(r.caseId(), r.outcome());
            charged += r.chargedUsd();
        }
        return new Evaluating(spec, sourceRef, materializeCostUsd, stage, grantedUsd, all, charged);
    }

    public Evaluating advanced(int nextStage) {
        return new Evaluating(spec, sourceRef, materializeCostUsd, nextStage, grantedUsd, outcomes, chargedUsd);
    }

    public Rejected rejected(String reason) {
        return new Rejected(this, reason);
    }

    public Scored scored(Score score) {
        return new Scored(this, score, false);
    }

    // ---- decisions ------------------------------------------------------------------------------------------

    /** Whether a grant raises what the evaluation holds (a smaller or repeated one is stale). */
    public boolean raisedBy(double amountUsd) {
        return amountUsd > grantedUsd;
    }

    /** Whether its stage races the parent, whose outcomes it then needs before it can go on. */
    public boolean racesParent() {
        return stage < StagedEvaluation.FULL;
    }

    /**
     * What comes next, from what is recorded: the stage's cases still to run, or what the stage decided.
     *
     * @param parentOutcomes the parent's outcomes while racing it ({@link #racesParent()}), else ignored
     */
    public StagedEvaluation.Step next(List<Case> dataset, Map<String, Outcome> parentOutcomes) {
        return StagedEvaluation.next(dataset, outcomes, racesParent() ? parentOutcomes : null, stage,
                spec.raceSeed(), spec.race());
    }

    /**
     * Which of the stage's cases to send now: those neither recorded nor out yet, as many as the reservation covers
     * at the per-case cap once what is charged (answers held included) and every case in flight is counted. When
     * some must wait, it asks for a raise to have them all out.
     */
    public Dispatch dispatch(List<Case> stageCases, EvaluationWindow window, EvaluationAllowance allowance) {
        List<Case> candidates = stageCases.stream()
                .filter(c -> !outcomes.containsKey(c.id()) && !window.wasSent(c.id())).toList();
        double charged = chargedUsd + window.answeredChargeUsd();
        int inFlight = window.inFlight(outcomes);
        int now = Math.min(candidates.size(), allowance.dispatchable(grantedUsd, charged, inFlight));
        Dispatch.Raise raise = now == candidates.size() ? null
                : new Dispatch.Raise(allowance.wantedUsd(charged, inFlight, candidates.size()), inFlight + now);
        return new Dispatch(candidates.subList(0, now), raise);
    }

    /** Whether an answer for this case is still wanted: one recorded or held already is a duplicate. */
    public boolean wants(String caseId, EvaluationWindow window) {
        return !outcomes.containsKey(caseId) && !window.holdsAnswer(caseId);
    }

    /**
     * Whether recording answers lets the evaluation move on: the last case the stage waits for does, and so does
     * money freed for cases held back.
     */
    public boolean movesOn(EvaluationWindow window) {
        return !window.awaitsAny(outcomes) || window.heldBack();
    }

    /**
     * Why the evaluation ends unscored when no raise comes: it has no case out and its reservation cannot cover the
     * next. Empty while it can go on with what it holds.
     */
    public Optional<String> budgetRanOut(EvaluationWindow window, EvaluationAllowance allowance, int datasetSize) {
        if (window.awaitsAny(outcomes) || allowance.dispatchable(grantedUsd, chargedUsd, 0) > 0) {
            return Optional.empty();
        }
        return Optional.of(EvaluationAllowance.budgetRanOut(outcomes.size(), datasetSize));
    }

    /** The node's score over every outcome recorded. */
    public Score score() {
        return Score.of(outcomes.values());
    }
}
