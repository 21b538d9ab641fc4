package io.alp.engine.port;

import java.util.concurrent.CompletionStage;

/** Reflects on a node's evidence and proposes edits for its children. */
public interface Proposer {

    CompletionStage<ProposalBatch> propose(Reflection reflection);

    /** An upper bound on what one {@link #propose} call can cost, reserved from the budget before the call. */
    double maxCostUsd(int count);
}
