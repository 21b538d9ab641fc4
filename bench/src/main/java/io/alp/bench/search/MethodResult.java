package io.alp.bench.search;

import io.alp.engine.frontier.Pareto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one search run produced.
 *
 * @param evaluated     every candidate it evaluated on every case (the baseline included), in order, at its measured
 *                      pass-rate
 * @param reported      the frontier it reports, each point at the pass-rate the method claims for it
 * @param spentUsd      everything it spent: agent runs, judging, proposer calls
 * @param evaluationUsd what its evaluations (agent runs and judging) cost, minibatches included
 * @param evaluations   (candidate, case) evaluations run
 */
public record MethodResult(List<Evaluated> evaluated, List<Evaluated> reported, double spentUsd,
                           double evaluationUsd, long evaluations) {
    public MethodResult {
        evaluated = List.copyOf(evaluated);
        reported = List.copyOf(reported);
    }

    /** A method that reports its evaluated candidates at their measured pass-rates: their non-dominated set. */
    static MethodResult measured(List<Evaluated> evaluated, double spentUsd, double evaluationUsd, long evaluations) {
        return new MethodResult(evaluated, nonDominatedDistinct(evaluated), spentUsd, evaluationUsd, evaluations);
    }

    /** The non-dominated set by measured point of the distinct sources (the first evaluation of each counts). */
    static List<Evaluated> nonDominatedDistinct(List<Evaluated> evaluated) {
        Map<String, Evaluated> distinct = new LinkedHashMap<>();
        evaluated.forEach(e -> distinct.putIfAbsent(e.source(), e));
        return Pareto.nonDominated(new ArrayList<>(distinct.values()));
    }
}
