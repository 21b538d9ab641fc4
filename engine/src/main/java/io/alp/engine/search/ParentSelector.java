package io.alp.engine.search;

import io.alp.engine.tree.TreeNode;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Chooses the next parent from the frontier so that different cost/quality regions grow in parallel: a node
 * is drawn with weight falling with how often it was expanded already, and rising with how isolated it is on
 * the frontier (nodes with no close neighbour in cost cover a region nobody else covers).
 */
public final class ParentSelector {

    private ParentSelector() {
    }

    public static Optional<TreeNode> select(List<TreeNode> frontier, int maxExpansions, Random rng) {
        List<TreeNode> open = frontier.stream()
                .filter(n -> n.expansions() < maxExpansions)
                .sorted(Comparator.comparingDouble(n -> n.score().costPerCase()))
                .toList();
        if (open.isEmpty()) {
            return Optional.empty();
        }
        double[] weights = new double[open.size()];
        double total = 0;
        for (int i = 0; i < open.size(); i++) {
            double isolation = 1 + gap(open, i);
            double freshness = 1.0 / ((1 + open.get(i).expansions()) * (1 + open.get(i).expansions()));
            weights[i] = isolation * freshness;
            total += weights[i];
        }
        double draw = rng.nextDouble() * total;
        for (int i = 0; i < open.size(); i++) {
            draw -= weights[i];
            if (draw <= 0) {
                return Optional.of(open.get(i));
            }
        }
        return Optional.of(open.get(open.size() - 1));
    }

    /** Cost gap to the nearest neighbour, relative to the frontier's cost span (0 for a lone node). */
    private static double gap(List<TreeNode> sorted, int i) {
        double lo = sorted.get(0).score().costPerCase();
        double hi = sorted.get(sorted.size() - 1).score().costPerCase();
        if (hi <= lo) {
            return 0;
        }
        double c = sorted.get(i).score().costPerCase();
        double left = i > 0 ? c - sorted.get(i - 1).score().costPerCase() : Double.MAX_VALUE;
        double right = i < sorted.size() - 1 ? sorted.get(i + 1).score().costPerCase() - c : Double.MAX_VALUE;
        return Math.min(left, right) / (hi - lo);
    }
}
