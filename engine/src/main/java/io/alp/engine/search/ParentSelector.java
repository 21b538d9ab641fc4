package io.alp.engine.search;

import io.alp.engine.port.ReflectionGoal;
import io.alp.engine.tree.TreeNode;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Chooses the next parent, serving the frontier as a whole, its top and its cheap end. Each expansion serves one of
 * them: {@link #TOP_SHARE} of them serve the top, a fifth the cheap end, spread evenly over the session's expansions
 * ({@link #servesTop}, {@link #servesCheap}; a coin flipped per expansion gave some sessions twice the share of
 * others over their few dozen rounds):
 * <ul>
 *   <li>the frontier as a whole: a candidate is drawn with a weight that rises with its share of the frontier's
 *       hypervolume (the area only it covers, as in SMS-EMOA: a point that alone holds up a large region is worth
 *       improving on, while one of a crowd of near-identical points is not) and falls with how often it was
 *       expanded already; every candidate keeps a floor weight, so a node off the frontier that uniquely solves
 *       some cases is still drawn now and then;</li>
 *   <li>its top: Thompson sampling on the tree's posterior pass-rates, so the node most likely to be the best is
 *       expanded, and near-ties share the draws. Hypervolume alone starves the dear end: a point's exclusive area
 *       narrows as its cost nears the reference cost, so the most accurate configurations are rarely improved
 *       on.</li>
 *   <li>its cheap end: the cheapest frontier node, asked for cost cuts only ({@link ReflectionGoal#CHEAP}). The
 *       frontier's cheapest configurations lie several cost cuts (a cheaper model per category, a leaner memory
 *       policy or scaffold) below the baseline, and the area left of the cheapest point is not any point's share of
 *       the hypervolume, so draws by share alone, each making a fix beside one cut, rarely reach them.</li>
 * </ul>
 */
public final class ParentSelector {

    /** The weight of a candidate that covers nothing on its own, as a share of the hypervolume. */
    static final double FLOOR = 0.02;
    /**
     * The share of expansions that serve the top of the frontier. Less than half: the top is also served by
     * compounds that stack every edit that helped onto the likeliest best node ({@link Compounder#stack}); on the
     * bench's worlds (held-out ones included), served on this schedule, 0.25 and 0.4 did worse than 0.3.
     */
    static final double TOP_SHARE = 0.3;
    /** The expansions, of every ten, that serve the cheap end ({@link #servesCheap}): a fifth of them. */
    private static final Set<Integer> CHEAP_SLOTS = Set.of(1, 5);

    /**
     * A node that may be expanded, with the share of the frontier's hypervolume only it covers (0 off it), its
     * posterior pass-rate (NaN when unknown: it is then never drawn for the top), and whether it may be expanded
     * past the cap on expansions (frontier nodes may: each expansion asks for edits not tried on it yet, and the
     * frontier is where further edits can still move it), and whether it may be drawn for the cheap end (not once
     * the proposer had no cost cut left for it).
     */
    public record Candidate(TreeNode node, double exclusiveShare, double passMean, double passSd,
                            boolean uncapped, boolean cheapOpen) {
        /** A capped candidate never drawn for the top or the cheap end. */
        public Candidate(TreeNode node, double exclusiveShare) {
            this(node, exclusiveShare, Double.NaN, Double.NaN, false, false);
        }

        /** A capped candidate never drawn for the cheap end. */
        public Candidate(TreeNode node, double exclusiveShare, double passMean, double passSd) {
            this(node, exclusiveShare, passMean, passSd, false, false);
        }
    }

    /** The parent drawn, and what its expansion serves. */
    public record Draw(TreeNode node, ReflectionGoal goal) {
    }

    private ParentSelector() {
    }

    /**
     * The parent of the session's expansion number {@code expansion} (0-based).
     *
     * @param rng the draw's randomness (Thompson sampling, the weighted draw by hypervolume share)
     */
    public static Optional<Draw> select(List<Candidate> candidates, int maxExpansions, int expansion, Random rng) {
        List<Candidate> open = candidates.stream()
                .filter(c -> c.uncapped() || c.node().expansions() < maxExpansions).toList();
        if (open.isEmpty()) {
            return Optional.empty();
        }
        if (servesTop(expansion)) {
            Optional<TreeNode> top = likeliestBest(open, rng);
            if (top.isPresent()) {
                return Optional.of(new Draw(top.get(), ReflectionGoal.TOP));
            }
        } else if (servesCheap(expansion)) {
            Optional<TreeNode> cheapest = cheapest(open);
            if (cheapest.isPresent()) {
                return Optional.of(new Draw(cheapest.get(), ReflectionGoal.CHEAP));
            }
        }
        return byHypervolumeShare(open, rng).map(n -> new Draw(n, ReflectionGoal.FRONTIER));
    }

    /**
     * Whether expansion number {@code expansion} (0-based) serves the top: those where the running count of
     * {@link #TOP_SHARE} times the expansions so far steps up, so any stretch of expansions serves it in that share
     * give or take one (at 0.3: the 4th, 7th and 10th of every ten).
     */
    static boolean servesTop(int expansion) {
        return Math.floor((expansion + 1) * TOP_SHARE) > Math.floor(expansion * TOP_SHARE);
    }

    /**
     * Whether expansion number {@code expansion} (0-based) serves the cheap end: the 2nd and 6th of every ten, two
     * of the seven that do not serve the top.
     */
    static boolean servesCheap(int expansion) {
        return CHEAP_SLOTS.contains(expansion % 10);
    }

    /**
     * The cheapest frontier node (a share of the hypervolume above zero) that may still be made cheaper: the
     * proposer had cost cuts left for it the last time it was asked.
     */
    static Optional<TreeNode> cheapest(List<Candidate> open) {
        return open.stream().filter(c -> c.cheapOpen() && c.exclusiveShare() > 0 && c.node().score() != null)
                .map(Candidate::node)
                .min(Comparator.comparingDouble(n -> n.score().costPerCase()));
    }

    /** Thompson sampling: the candidate whose pass-rate, drawn from its posterior, is highest. */
    static Optional<TreeNode> likeliestBest(List<Candidate> open, Random rng) {
        TreeNode best = null;
        double bestDraw = Double.NEGATIVE_INFINITY;
        for (Candidate c : open) {
            if (Double.isNaN(c.passMean())) {
                continue;
            }
            double draw = c.passMean() + (Double.isNaN(c.passSd()) ? 0 : c.passSd()) * rng.nextGaussian();
            if (draw > bestDraw) {
                bestDraw = draw;
                best = c.node();
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<TreeNode> byHypervolumeShare(List<Candidate> open, Random rng) {
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
