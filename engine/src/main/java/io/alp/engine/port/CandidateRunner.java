package io.alp.engine.port;

import io.alp.engine.model.Case;

import java.util.concurrent.CompletionStage;

/** Runs one candidate version of the agent on one case, in isolation, metering its cost. */
public interface CandidateRunner {

    CompletionStage<RunResult> run(String sourceRef, Case c);

    /** An upper bound on one case's cost for this candidate; evaluation budget is reserved from it. */
    double maxCostPerCaseUsd(String sourceRef);
}
