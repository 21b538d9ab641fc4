package io.alp.engine.port;

import io.alp.engine.model.Case;

import java.util.concurrent.CompletionStage;

/** Scores one output pass/fail with a natural-language reason (an LLM under a rubric, or a verifier). */
public interface Judge {

    CompletionStage<Verdict> judge(Case c, RunResult result);

    /** An upper bound on judging one case, reserved with the evaluation. */
    double maxCostPerCaseUsd();
}
