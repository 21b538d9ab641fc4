package io.alp.engine.tree;

/** Where a node is in its life: awaiting its score, scored, its edit failed, or skipped for lack of budget. */
public enum NodeStatus {
    PENDING, SCORED, FAILED, SKIPPED;

    public boolean terminal() {
        return this != PENDING;
    }
}
