package io.alp.engine.frontier;

import io.alp.engine.model.Edit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Pareto set of one session, updated one scored node at a time, noise-aware. Pass-rates are estimated from
 * the whole tree ({@link #fit}: the {@link TreeEstimates tree model}, its means pooled over identical changes by
 * {@link SharedChangeEstimates}), recomputed from every node scored so far (pruned ones included: their samples
 * still inform their neighbours); costs are as measured (metered per case, not sampled by a judge). The frontier is
 * the set of live nodes no other live node dominates by estimate; a node is pruned only when another
 * {@link Evidence#clearlyDominates clearly dominates} it on its own results. A node moves the frontier when it
 * enlarges the hypervolume even with its estimate half a posterior standard deviation lower, so a lucky sample
 * alone does not count as progress. Hypervolume is measured against a fixed reference point (pass-rate 0,
 * {@code refCost}).
 */
public final class FrontierTracker {

    /**
     * The version of the rules that decide which nodes are on the frontier (how pass-rates are estimated, what prunes,
     * how ties are listed). A session records the version it ran under; a replay checks the recorded frontier against
     * one recomputed today only under the same version. Raise it whenever those rules change.
     */
    public static final int RULES = 1;

    /** How many posterior standard deviations of pass-rate a node must clear to count as progress. */
    static final double PROGRESS_MARGIN = 0.5;

    private final Map<String, ScoredNode> all = new LinkedHashMap<>();
    /** Node ids as the tree numbers them: n2 before n10. */
    private static final Comparator<String> NODE_ORDER = Comparator.comparingInt(String::length)
            .thenComparing(Comparator.naturalOrder());
    private final Map<String, ScoredNode> alive = new LinkedHashMap<>();
    private Map<String, TreeEstimates.Estimate> estimates = Map.of();
    private double refCost;

    public FrontierTracker(double refCost) {
        this.refCost = refCost;
    }

    /** The reference cost is fixed by the first (baseline) node when not set: twice its cost. */
    public static FrontierTracker anchoredOnFirst() {
        return new FrontierTracker(Double.NaN);
    }

    /** Adds a scored node; its parent, if it names one, must have been added before. */
    public FrontierUpdate add(ScoredNode node) {
        List<String> pruned = admit(node);
        estimates = fit(all.values()).estimates();
        boolean moved = false;
        if (alive.containsKey(node.nodeId())) {
            List<Estimated> without = estimatedFrontierWithout(node.nodeId());
            TreeEstimates.Estimate e = estimates.get(node.nodeId());
            List<Point> withPessimistic = new ArrayList<>(without);
            withPessimistic.add(Point.of(e.mean() - PROGRESS_MARGIN * e.sd(), node.cost()));
            moved = Pareto.hypervolume(withPessimistic, 0, refCost) > Pareto.hypervolume(without, 0, refCost) + 1e-12;
        }
        List<Estimated> frontier = estimatedFrontier();
        Map<String, Double> frontierEstimates = new LinkedHashMap<>();
        frontier.forEach(f -> frontierEstimates.put(f.node().nodeId(), f.passRate()));
        return new FrontierUpdate(node.nodeId(), moved, frontier.stream().map(f -> f.node().nodeId()).toList(),
                pruned, Pareto.hypervolume(frontier, 0, refCost), frontierEstimates);
    }

    /**
     * Adds nodes scored earlier (a recovered session's), in the order they were scored: the same frontier and
     * pruning as adding them one at a time, with the estimates computed once instead of after every node.
     */
    public void restore(List<ScoredNode> nodes) {
        nodes.forEach(this::admit);
        estimates = fit(all.values()).estimates();
    }

    /** Records a node and prunes on its own results ({@link Evidence}): the ids pruned, the node itself if it was. */
    private List<String> admit(ScoredNode node) {
        if (Double.isNaN(refCost)) {
            refCost = Math.max(2 * node.cost(), 1e-9);
        }
        all.put(node.nodeId(), node);
        List<String> pruned = new ArrayList<>();
        if (alive.values().stream().anyMatch(a -> Evidence.clearlyDominates(a, node))) {
            pruned.add(node.nodeId());
            return pruned;
        }
        alive.values().removeIf(a -> {
            boolean gone = Evidence.clearlyDominates(node, a);
            if (gone) {
                pruned.add(a.nodeId());
            }
            return gone;
        });
        alive.put(node.nodeId(), node);
        return pruned;
    }

    /**
     * Every node's posterior pass-rate as the search uses it: the tree model's ({@link TreeEstimates}), its mean
     * replaced by the shared-change estimate ({@link SharedChangeEstimates}) where the node descends from the first
     * node given, with the tree model's pooled spread of edit effects; the posterior spread and the edit classes'
     * spreads stay the tree model's (the shared-change model gives none). Means are held to 0..1: both models add
     * effects on the pass-rate scale, and a climb to every case passing, with its changes measured on several
     * branches, sums past 100%. Parents must come before their children.
     */
    public static TreeEstimates.Fit fit(Collection<ScoredNode> nodes) {
        return fit(nodes, TreeEstimates.fit(nodes.stream().map(ScoredNode::measured).toList()));
    }

    /** As {@link #fit(Collection)}, given the tree model's fit of the same nodes. */
    public static TreeEstimates.Fit fit(Collection<ScoredNode> nodes, TreeEstimates.Fit tree) {
        return combine(tree, shared(nodes, tree));
    }

    /**
     * The shared-change model of the nodes, with the tree model's pooled spread of edit effects and its class means
     * ({@link #priorMeans}).
     */
    public static SharedChangeEstimates.Fit shared(Collection<ScoredNode> nodes, TreeEstimates.Fit tree) {
        return SharedChangeEstimates.of(nodes.stream().map(ScoredNode::sample).toList(), tree.spreads().pooled(),
                priorMeans(nodes, tree.spreads()));
    }

    /**
     * Each change's prior mean effect: the tree model's mean for edits of the change's class that moved the cost as
     * the first node that made it did (more than {@link TreeEstimates#COST_STEP} dearer or cheaper, or neither; a
     * part of a combined edit with its own class and the combination's cost), 0 where that mean is not clear.
     */
    static Map<String, Double> priorMeans(Collection<ScoredNode> nodes, TreeEstimates.Spreads spreads) {
        Map<String, ScoredNode> byId = new HashMap<>();
        nodes.forEach(n -> byId.put(n.nodeId(), n));
        Map<String, Double> means = new HashMap<>();
        for (ScoredNode n : nodes) {
            ScoredNode parent = n.parentId() == null ? null : byId.get(n.parentId());
            if (parent == null || !(parent.cost() > 0)) {
                continue;
            }
            double ratio = n.cost() / parent.cost();
            for (String change : n.changes().values()) {
                Edit.classOfKey(change).ifPresent(editClass -> means.putIfAbsent(change,
                        spreads.mean(TreeEstimates.classKey(editClass.name(), ratio))));
            }
        }
        return means;
    }

    /** The tree model's fit with its means replaced by the shared-change model's, where it has one, held to 0..1. */
    public static TreeEstimates.Fit combine(TreeEstimates.Fit tree, SharedChangeEstimates.Fit shared) {
        Map<String, TreeEstimates.Estimate> combined = new LinkedHashMap<>();
        tree.estimates().forEach((id, e) -> combined.put(id, new TreeEstimates.Estimate(
                Math.max(0, Math.min(1, shared.estimates().getOrDefault(id, e.mean()))), e.sd())));
        return new TreeEstimates.Fit(combined, tree.spreads());
    }

    /**
     * Live nodes no other live node dominates by estimated pass-rate and cost, cheapest first; of nodes at exactly the
     * same point, only the first in node order.
     */
    public List<ScoredNode> frontier() {
        return estimatedFrontier().stream().map(Estimated::node).toList();
    }

    /** A node's estimated pass-rate given every node scored so far. */
    public TreeEstimates.Estimate estimate(String nodeId) {
        TreeEstimates.Estimate e = estimates.get(nodeId);
        if (e == null) {
            throw new IllegalArgumentException("no scored node " + nodeId);
        }
        return e;
    }

    public double hypervolume() {
        return Double.isNaN(refCost) ? 0 : Pareto.hypervolume(estimatedFrontier(), 0, refCost);
    }

    public double refCost() {
        return refCost;
    }

    /**
     * The frontier at estimated pass-rates; points that tie come in node order, not in the order their scores
     * arrived, so that parent draws over the frontier do not depend on which evaluation happened to finish first.
     */
    private List<Estimated> estimatedFrontier() {
        return estimatedFrontierWithout(null);
    }

    /**
     * As {@link #estimatedFrontier()}, leaving out the node {@code excluded} (null: none). Of nodes at exactly the
     * same point (one configuration reached by two paths: the same cases from the cache, the same changes) only the
     * first in node order is kept; the frontier lists distinct choices.
     */
    private List<Estimated> estimatedFrontierWithout(String excluded) {
        List<Estimated> inNodeOrder = alive.values().stream()
                .filter(n -> !n.nodeId().equals(excluded))
                .sorted(Comparator.comparing(ScoredNode::nodeId, NODE_ORDER))
                .map(n -> new Estimated(n, estimates.get(n.nodeId()).mean())).toList();
        Set<List<Double>> points = new HashSet<>();
        return Pareto.nonDominated(inNodeOrder).stream()
                .filter(e -> points.add(List.of(e.passRate(), e.cost()))).toList();
    }


    /** A live node at its estimated pass-rate. */
    private record Estimated(ScoredNode node, double passRate) implements Point {
        @Override
        public double cost() {
            return node.cost();
        }
    }
}
