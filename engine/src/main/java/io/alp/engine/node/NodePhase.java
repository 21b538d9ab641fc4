package io.alp.engine.node;

/** Where a node is in its lifecycle, as shown to people and other components. */
public enum NodePhase { BLANK, OPENED, MATERIALIZED, EVALUATING, SCORED, REJECTED, EDIT_FAILED, DENIED }
