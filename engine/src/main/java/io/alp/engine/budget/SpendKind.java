package io.alp.engine.budget;

/** Where a dollar went: the optimizer's own LLM calls (proposer, worker) or evaluating candidates. */
public enum SpendKind {
    ORCHESTRATOR, EVALUATION
}
