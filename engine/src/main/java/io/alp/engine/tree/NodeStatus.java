package io.alp.engine.tree;

/**
 * Where a node is in its life: awaiting its score, scored, its edit failed, skipped for lack of budget, or rejected
 * by staged evaluation after a minibatch (so never scored on the whole dataset).
 */
public enum NodeStatus {
    PENDING, SCORED, FAILED, SKIPPED, REJECTED;

    public boolean terminal() {
        return this != PENDING;
    }
}
