package io.alp.engine.search;

import io.alp.engine.tree.TreeNode;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Chooses the next parent. A candidate is drawn with a weight that rises with its share of the frontier's
 * hypervolume (the area only it covers, as in SMS-EMOA: a point that alone holds up a large region is worth
 * improving on, while one of a crowd of near-identical points is not) and falls with how often it was expanded
 * already. Every candidate keeps a floor weight, so a node off the frontier that uniquely solves some cases is still
 * drawn now and then.
 */
public final class ParentSelector {

    /** The weight of a candidate that covers nothing on its own, as a share of the hypervolume. */
    static final double FLOOR = 0.02;

    /** A node that may be expanded, with the share of the frontier's hypervolume only it covers (0 off it). */
    public record Candidate(TreeNode node, double exclusiveShare) {
    }

    private ParentSelector() {
    }

    public static Optional<TreeNode> select(List<Candidate> candidates, int maxExpansions, Random rng) {
        List<Candidate> open = candidates.stream().filter(c -> c.node().expansions() < maxExpansions).toList();
        if (open.isEmpty()) {
            return Optional.empty();
        }
        double[] weights = new double[open.size()];
        double total = 0;
        for (int i = 0; i < open.size(); i++) {
            int expansions = open.get(i).node().expansions();
            weights[i] = (FLOOR + open.get(i).exclusiveShare()) / ((1 + expansions) * (1 + expansions));
            total += weights[i];
        }
        double draw = rng.nextDouble() * total;
        for (int i = 0; i < open.size(); i++) {
            draw -= weights[i];
            if (draw <= 0) {
                return Optional.of(open.get(i).node());
            }
        }
        return Optional.of(open.get(open.size() - 1).node());
    }
}
