package io.alp.engine.frontier;

import io.alp.engine.model.Edit;
import io.alp.engine.model.Score;
import io.alp.engine.tree.TreeNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tree node as a point: its id, its score, when known which cases it passed ({@link PassMask}) so that two nodes
 * evaluated on the same dataset can be compared case by case, and where it sits in the tree (its parent and the
 * class of its edit, and the changes it made) so that its pass-rate can be estimated with its neighbours'
 * ({@link TreeEstimates}) and with every node that made the same change ({@link SharedChangeEstimates}).
 *
 * @param changes the node's own edit as subject to change key ({@link Edit#subject()}, {@link Edit#key()}), one
 *                entry per part of a combined edit; empty for a root
 */
public record ScoredNode(String nodeId, Score score, String passMask, String parentId, String editClass,
                         Map<String, String> changes) implements Point {

    public ScoredNode {
        changes = changes == null ? Map.of() : Map.copyOf(changes);
    }

    /** A node whose changes are not known: its pass-rate is estimated by the tree model alone. */
    public ScoredNode(String nodeId, Score score, String passMask, String parentId, String editClass) {
        this(nodeId, score, passMask, parentId, editClass, Map.of());
    }

    /** A node outside any tree: its estimate is its own sample. */
    public ScoredNode(String nodeId, Score score) {
        this(nodeId, score, null, null, null);
    }

    /** A node outside any tree, with its per-case results. */
    public ScoredNode(String nodeId, Score score, String passMask) {
        this(nodeId, score, passMask, null, null);
    }

    /** A scored tree node, with its per-case results, parent and edit class. */
    public static ScoredNode of(TreeNode node) {
        if (node.score() == null) {
            throw new IllegalArgumentException("node " + node.id() + " is not scored");
        }
        return of(node, node.score());
    }

    /** A tree node at {@code score} (e.g. recomputed from its journal), with its per-case results, parent and class. */
    public static ScoredNode of(TreeNode node, Score score) {
        return new ScoredNode(node.id(), score, node.passMask(), node.parentId(),
                node.edit() == null ? null : node.edit().editClass().name(), changes(node.edit()));
    }

    private static Map<String, String> changes(Edit edit) {
        Map<String, String> changes = new LinkedHashMap<>();
        if (edit != null) {
            edit.parts().forEach(part -> changes.put(part.subject(), part.key()));
        }
        return changes;
    }

    @Override
    public double passRate() {
        return score.passRate();
    }

    @Override
    public double cost() {
        return score.costPerCase();
    }

    /** This node as one measurement of the tree model. */
    public TreeEstimates.Measured measured() {
        return new TreeEstimates.Measured(nodeId, parentId, editClass, score.cases(), score.passes(),
                score.costPerCase());
    }

    /** This node as one sample of the shared-change model. */
    public SharedChangeEstimates.Node sample() {
        return new SharedChangeEstimates.Node(nodeId, parentId, changes, score.cases(), score.passes());
    }
}
