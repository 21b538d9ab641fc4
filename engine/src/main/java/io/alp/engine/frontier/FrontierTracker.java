package io.alp.engine.frontier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pareto set of one session, updated one scored node at a time. Hypervolume is measured against a fixed
 * reference point (pass-rate 0, {@code refCost}) so that it is comparable across the session.
 */
public final class FrontierTracker {

    private final Map<String, ScoredNode> frontier = new LinkedHashMap<>();
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
        List<String> pruned = new ArrayList<>();
        boolean dominated = frontier.values().stream().anyMatch(f -> Pareto.dominates(f, node));
        if (dominated) {
            pruned.add(node.nodeId());
        } else {
            frontier.values().removeIf(f -> {
                boolean gone = Pareto.dominates(node, f);
                if (gone) {
                    pruned.add(f.nodeId());
                }
                return gone;
            });
            frontier.put(node.nodeId(), node);
        }
        double after = hypervolume();
        return new FrontierUpdate(node.nodeId(), after > before + 1e-12, List.copyOf(frontier.keySet()), pruned, after);
    }

    public List<ScoredNode> frontier() {
        return Pareto.nonDominated(new ArrayList<>(frontier.values()));
    }

    public double hypervolume() {
        return Double.isNaN(refCost) ? 0 : Pareto.hypervolume(new ArrayList<>(frontier.values()), 0, refCost);
    }

    public double refCost() {
        return refCost;
    }
}
