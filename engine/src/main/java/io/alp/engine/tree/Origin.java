package io.alp.engine.tree;

/** How a node came to be: the deployed agent, a proposer's reflection, or combining two helpful edits. */
public enum Origin {
    BASELINE, REFLECTION, COMPOUND
}
