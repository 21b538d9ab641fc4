package io.alp.engine.tree;

import io.alp.engine.model.Edit;
import io.alp.engine.model.Score;

import java.util.List;

/**
 * Everything a {@link TreeNode} holds, as plain data: what a saved search state keeps of each node.
 *
 * @param leftOut the parts of its combined edit that could not be applied (none in snapshots saved without them)
 */
public record NodeFacts(String id, String parentId, Edit edit, Origin origin, String roundId, int depth,
                        NodeStatus status, Score score, String sourceRef, String passMask, String failure,
                        boolean frontierKnown, boolean movedFrontier, boolean pruned, int expansions,
                        List<Edit> leftOut) {
    public NodeFacts {
        leftOut = leftOut == null ? List.of() : List.copyOf(leftOut);
    }
}
