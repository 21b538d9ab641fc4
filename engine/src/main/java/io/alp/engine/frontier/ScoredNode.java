package io.alp.engine.frontier;

import io.alp.engine.model.Score;
import io.alp.engine.tree.TreeNode;

/**
 * A tree node as a point: its id, its score, when known which cases it passed ({@link PassMask}) so that two nodes
 * evaluated on the same dataset can be compared case by case, and where it sits in the tree (its parent and the
 * class of its edit) so that its pass-rate can be estimated with its neighbours' ({@link TreeEstimates}).
 */
public record ScoredNode(String nodeId, Score score, String passMask, String parentId, String editClass)
        implements Point {

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
                node.edit() == null ? null : node.edit().editClass().name());
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
}
