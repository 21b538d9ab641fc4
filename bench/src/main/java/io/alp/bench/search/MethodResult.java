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
 * @param tree          ALP's search tree, every node with what it recorded (true pass-rates not yet placed); empty
 *                      for the baselines
 * @param treeSources   the candidate each node of {@code tree} was evaluated on, by node id (nodes never evaluated
 *                      have none)
 * @param stopReason    why ALP's session stopped, as a session reports it (e.g. {@code budget_exhausted}); null for
 *                      the baselines, which run until their budget is spent
 */
public record MethodResult(List<Evaluated> evaluated, List<Evaluated> reported, double spentUsd,
                           double evaluationUsd, long evaluations, List<TreeNodeRow> tree,
                           Map<String, String> treeSources, String stopReason) {
    public MethodResult {
        evaluated = List.copyOf(evaluated);
        reported = List.copyOf(reported);
        tree = List.copyOf(tree);
        treeSources = Map.copyOf(treeSources);
    }

    /** A method that reports its evaluated candidates at their measured pass-rates: their non-dominated set. */
    static MethodResult measured(List<Evaluated> evaluated, double spentUsd, double evaluationUsd, long evaluations) {
        return new MethodResult(evaluated, nonDominatedDistinct(evaluated), spentUsd, evaluationUsd, evaluations,
                List.of(), Map.of(), null);
    }

    /** The non-dominated set by measured point of the distinct sources (the first evaluation of each counts). */
    static List<Evaluated> nonDominatedDistinct(List<Evaluated> evaluated) {
        Map<String, Evaluated> distinct = new LinkedHashMap<>();
        evaluated.forEach(e -> distinct.putIfAbsent(e.source(), e));
        return Pareto.nonDominated(new ArrayList<>(distinct.values()));
    }
}
