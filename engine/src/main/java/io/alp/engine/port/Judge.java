package io.alp.engine.port;

import io.alp.engine.model.Case;

import java.util.concurrent.CompletionStage;

/** Scores one output pass/fail with a natural-language reason (an LLM under a rubric, or a verifier). */
public interface Judge {

    /**
     * One verdict on one output.
     *
     * @param sample which independent sample this is, from 0, when a voting judge asks several times: an LLM judge
     *               may ignore it; a deterministic simulation uses it so that samples differ
     */
    CompletionStage<Verdict> judge(Case c, RunResult result, int sample);

    /** An upper bound on judging one case, reserved with the evaluation. */
    double maxCostPerCaseUsd();
}
