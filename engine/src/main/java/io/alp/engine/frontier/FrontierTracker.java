package io.alp.engine.frontier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pareto set of one session, updated one scored node at a time, noise-aware. The frontier is the set of nodes
 * no other live node dominates by point estimate; a node is pruned only when another {@link Evidence#clearlyDominates
 * clearly dominates} it. A node moves the frontier when it would enlarge the hypervolume even if its pass-rate were
 * half a standard error lower, so a lucky sample alone does not count as progress (costs are metered, not sampled,
 * so a cheaper point at a similar pass-rate still counts). Hypervolume is measured against a fixed
 * reference point (pass-rate 0, {@code refCost}).
 */
public final class FrontierTracker {

    /** How many standard errors of pass-rate a node must clear to count as progress. */
    static final double PROGRESS_MARGIN = 0.5;

    private final Map<String, ScoredNode> alive = new LinkedHashMap<>();
    private double refCost;

    public FrontierTracker(double refCost) {
        this.refCost = refCost;
    }

    /** The reference cost is fixed by the first (baseline) node when not set: twice its cost. */
    public static FrontierTracker anchoredOnFirst() {
        return new FrontierTracker(Double.NaN);
    }

    public FrontierUpdate add(ScoredNode node) {
        if (Double.isNaN(refCost)) {
            refCost = Math.max(2 * node.cost(), 1e-9);
        }
        double before = hypervolume();
        List<Point> withPessimistic = new ArrayList<>(frontier());
        withPessimistic.add(Point.of(node.passRate() - PROGRESS_MARGIN * Evidence.standardError(node), node.cost()));
        boolean moved = Pareto.hypervolume(withPessimistic, 0, refCost) > before + 1e-12;

        List<String> pruned = new ArrayList<>();
        if (alive.values().stream().anyMatch(a -> Evidence.clearlyDominates(a, node))) {
            pruned.add(node.nodeId());
            moved = false;
        } else {
            alive.values().removeIf(a -> {
                boolean gone = Evidence.clearlyDominates(node, a);
                if (gone) {
                    pruned.add(a.nodeId());
                }
                return gone;
            });
            alive.put(node.nodeId(), node);
        }
        List<String> frontier = frontier().stream().map(ScoredNode::nodeId).toList();
        return new FrontierUpdate(node.nodeId(), moved, frontier, pruned, hypervolume());
    }

    /** Live nodes no other live node dominates by point estimate, cheapest first. */
    public List<ScoredNode> frontier() {
        return Pareto.nonDominated(new ArrayList<>(alive.values()));
    }

    public double hypervolume() {
        return Double.isNaN(refCost) ? 0 : Pareto.hypervolume(frontier(), 0, refCost);
    }

    public double refCost() {
        return refCost;
    }
}
