package io.alp.engine.search;

import io.alp.engine.budget.LedgerFacts;
import io.alp.engine.tree.NodeFacts;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a {@link SearchState} holds beyond how it was created (its config, seed and reserves), as immutable
 * plain data: {@link SearchState#snapshot()} takes it and {@link SearchState#restore} rebuilds the same state from it.
 * Unordered sets are kept sorted, so that equal states give equal snapshots.
 *
 * @param nodes      the tree's nodes in the order they were added
 * @param rounds     the rounds in the order they were opened
 * @param roundMoves whether each closed round moved the frontier, in order
 * @param stopReason null while no stop was decided
 * @param settledOrder the nodes in the order the frontier took them in; a snapshot saved without it is read in the
 *                     order the nodes were added
 */
public record SearchSnapshot(List<NodeFacts> nodes, LedgerFacts ledger, List<RoundFacts> rounds,
                             List<String> triedPairs, Map<String, Double> materializeCosts,
                             Map<String, Double> evaluationCostPerCase, List<String> frontier,
                             Map<String, Double> estimates, double hypervolume, int completedRounds,
                             int stalledRounds, int expansionRounds, int compoundRounds, List<Boolean> roundMoves,
                             List<String> exhausted, double baselineCostUsd, double minEvaluationReserveUsd,
                             StopReason stopReason, List<String> settledOrder) {
    public SearchSnapshot {
        nodes = List.copyOf(nodes);
        settledOrder = settledOrder != null ? List.copyOf(settledOrder)
                : nodes.stream().filter(NodeFacts::frontierKnown).map(NodeFacts::id).toList();
        rounds = List.copyOf(rounds);
        triedPairs = triedPairs.stream().sorted().toList();
        materializeCosts = sorted(materializeCosts);
        evaluationCostPerCase = sorted(evaluationCostPerCase);
        frontier = List.copyOf(frontier);
        estimates = sorted(estimates);
        roundMoves = List.copyOf(roundMoves);
        exhausted = exhausted.stream().sorted().toList();
    }

    private static Map<String, Double> sorted(Map<String, Double> m) {
        return Collections.unmodifiableMap(new TreeMap<>(m));
    }
}
