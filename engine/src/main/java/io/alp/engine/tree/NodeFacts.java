package io.alp.engine.tree;

import io.alp.engine.model.Edit;
import io.alp.engine.model.Score;

/** Everything a {@link TreeNode} holds, as plain data: what a saved search state keeps of each node. */
public record NodeFacts(String id, String parentId, Edit edit, Origin origin, String roundId, int depth,
                        NodeStatus status, Score score, String sourceRef, String passMask, String failure,
                        boolean frontierKnown, boolean movedFrontier, boolean pruned, int expansions) {
}
