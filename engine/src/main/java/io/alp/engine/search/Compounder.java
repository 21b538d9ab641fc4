package io.alp.engine.search;

import io.alp.engine.frontier.Pareto;
import io.alp.engine.frontier.Point;
import io.alp.engine.frontier.TreeEstimates;
import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.tree.Origin;
import io.alp.engine.tree.SearchTree;
import io.alp.engine.tree.TreeNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compounds edits across branches: applies an edit that was measured somewhere in the tree to a frontier node that
 * lacks it. Each edit's effect is learned from every parent-child pair that made it, on the tree's posterior
 * pass-rates ({@link TreeEstimates}) and measured costs: its mean change in pass-rate and its mean cost ratio.
 * An edit that helped one configuration usually helps another, so the next compound is the (frontier node, edit)
 * whose predicted point, the node moved by the edit's learned effect, would enlarge the frontier's hypervolume most,
 * or, for compounds that serve the top of the frontier (every other one), first a {@linkplain #stack stack} of every
 * change that helped (as the shared-change model estimates each change, parts of combined edits included) onto the
 * likeliest best node, else the pair predicted to pass most often, above the frontier's best. A pair predicted to
 * gain nothing is not tried; each pair is tried once. Edits that changed nothing (a child with its parent's source)
 * teach the pairs nothing, and a stack is carried elsewhere only part by part.
 */
public final class Compounder {

    private Compounder() {
    }

    /** Apply {@code edit} (first made by node {@code editFrom}) to {@code baseId}. */
    public record Pair(String baseId, String editFrom, Edit edit) {
        public String key() {
            return baseId + "+" + edit.key();
        }
    }

    /** What an edit did on average over the parent-child pairs that made it. */
    record Effect(String firstNode, Edit edit, double passGain, double costRatio, int pairs) {
    }

    /** What a compound serves: the frontier as a whole (hypervolume), or its top (the best pass-rate). */
    public enum Goal { HYPERVOLUME, TOP }

    /**
     * @param posterior every scored node's posterior pass-rate
     * @param frontier  the frontier's node ids
     * @param bases     the frontier nodes a compound may be applied to: those whose children could still be
     *                  evaluated with what is left of the budget
     * @param refCost   the hypervolume's reference cost
     * @param goal      {@link Goal#HYPERVOLUME}: the pair whose predicted point enlarges the hypervolume most;
     *                  {@link Goal#TOP}: the pair whose predicted pass-rate is highest, if above the frontier's best
     */
    public static Optional<Pair> next(SearchTree tree, Set<String> triedPairs, Map<String, TreeEstimates.Estimate>
            posterior, List<String> frontier, Set<String> bases, double refCost, Goal goal) {
        Map<String, Effect> effects = effects(tree, posterior);
        List<Point> points = new ArrayList<>();
        for (String id : frontier) {
            points.add(Point.of(posterior.get(id).mean(), tree.get(id).score().costPerCase()));
        }
        double hv = Pareto.hypervolume(points, 0, refCost);
        double top = points.stream().mapToDouble(Point::passRate).max().orElse(0);
        Pair best = null;
        double bestGain = 1e-12;
        for (String baseId : frontier) {
            TreeNode base = tree.get(baseId);
            if (!base.active() || !bases.contains(baseId)) {
                continue;
            }
            Set<String> made = madeOn(tree, baseId);
            for (Effect effect : effects.values()) {
                if (effect.edit().editClass() == EditClass.COMBINED) {
                    continue; // its parts are compounded one by one, or stacked again
                }
                Pair pair = new Pair(baseId, effect.firstNode(), effect.edit());
                if (triedPairs.contains(pair.key()) || made.contains(effect.edit().key())) {
                    continue;
                }
                Point predicted = Point.of(posterior.get(baseId).mean() + effect.passGain(),
                        base.score().costPerCase() * effect.costRatio());
                double gain;
                if (goal == Goal.TOP) {
                    gain = predicted.passRate() - top;
                } else {
                    List<Point> with = new ArrayList<>(points);
                    with.add(predicted);
                    gain = Pareto.hypervolume(with, 0, refCost) - hv;
                }
                if (gain > bestGain) {
                    bestGain = gain;
                    best = pair;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * A combination for the top of the frontier: every change whose effect, as the shared-change model estimates it
     * from every scored node that holds the change ({@code changeEffects}, by {@linkplain Edit#key key}), raises the
     * pass-rate, not on the branch of the frontier node likeliest to be best (of {@code bases}: those whose children
     * could still be evaluated), applied to it at once (one per {@linkplain Edit#subject subject}, the larger effect
     * first). The parts of combined edits count: a combination that did not become the best may still hold changes
     * that helped, and only this model tells them apart from the parts that did not. Edits that each help usually
     * add up; trying them one at a time would need a full evaluation per edit to climb as far. Empty when fewer than
     * two such changes are left, when the combination was tried on that node, or when it is not predicted to pass
     * more often than the frontier's best.
     */
    public static Optional<Pair> stack(SearchTree tree, Set<String> triedPairs,
                                       Map<String, TreeEstimates.Estimate> posterior, List<String> frontier,
                                       Set<String> bases, Map<String, Double> changeEffects) {
        String baseId = frontier.stream().filter(id -> tree.get(id).active() && bases.contains(id))
                .max((a, b) -> Double.compare(posterior.get(a).mean(), posterior.get(b).mean())).orElse(null);
        if (baseId == null) {
            return Optional.empty();
        }
        double top = frontier.stream().mapToDouble(id -> posterior.get(id).mean()).max().orElse(0);
        Map<String, Edit> edits = new LinkedHashMap<>();
        Map<String, String> madeBy = new LinkedHashMap<>();
        for (TreeNode n : tree.nodes()) {
            if (n.score() != null && n.edit() != null) {
                for (Edit part : n.edit().parts()) {
                    edits.putIfAbsent(part.key(), part);
                    madeBy.putIfAbsent(part.key(), n.id());
                }
            }
        }
        List<String> helped = changeEffects.entrySet().stream()
                .filter(e -> e.getValue() > 0 && edits.containsKey(e.getKey()))
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).map(Map.Entry::getKey).toList();
        Set<String> subjects = new HashSet<>();
        tree.branchEdits(baseId).forEach(e -> subjects.add(e.subject()));
        List<Edit> parts = new ArrayList<>();
        double predicted = posterior.get(baseId).mean();
        for (String key : helped) {
            if (subjects.add(edits.get(key).subject())) {
                parts.add(edits.get(key));
                predicted += changeEffects.get(key);
            }
        }
        if (parts.size() < 2 || predicted <= top) {
            return Optional.empty();
        }
        Pair pair = new Pair(baseId, madeBy.get(parts.get(0).key()), Edit.combined(parts));
        return triedPairs.contains(pair.key()) ? Optional.empty() : Optional.of(pair);
    }

    /** Each distinct edit's mean effect over the scored parent-child pairs that made it, in tree order. */
    static Map<String, Effect> effects(SearchTree tree, Map<String, TreeEstimates.Estimate> posterior) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, TreeNode> first = new LinkedHashMap<>();
        for (TreeNode n : tree.nodes()) {
            if (n.origin() == Origin.BASELINE || n.score() == null || n.parentId() == null) {
                continue;
            }
            TreeNode parent = tree.get(n.parentId());
            TreeEstimates.Estimate child = posterior.get(n.id());
            TreeEstimates.Estimate before = posterior.get(parent.id());
            if (parent.score() == null || child == null || before == null || parent.score().costPerCase() <= 0
                    || n.score().costPerCase() <= 0 || n.sourceRef().equals(parent.sourceRef())) {
                continue;
            }
            String key = n.edit().key();
            first.putIfAbsent(key, n);
            double[] s = sums.computeIfAbsent(key, k -> new double[3]);
            s[0] += child.mean() - before.mean();
            s[1] += Math.log(n.score().costPerCase() / parent.score().costPerCase());
            s[2]++;
        }
        Map<String, Effect> effects = new LinkedHashMap<>();
        sums.forEach((key, s) -> effects.put(key, new Effect(first.get(key).id(), first.get(key).edit(),
                s[0] / s[2], Math.exp(s[1] / s[2]), (int) s[2])));
        return effects;
    }

    /** The changes on a node's branch and those of its children: an edit among them is not applied to it again. */
    private static Set<String> madeOn(SearchTree tree, String id) {
        Set<String> keys = new HashSet<>();
        tree.children(id).forEach(c -> keys.add(c.edit().key()));
        tree.branchEdits(id).forEach(e -> keys.add(e.key()));
        return keys;
    }
}
