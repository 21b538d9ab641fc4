package io.alp.engine.evaluation;

import io.alp.engine.llm.PaidFailure;
import io.alp.engine.model.Case;
import io.alp.engine.model.Outcome;
import io.alp.engine.port.CandidateRunner;
import io.alp.engine.port.Failures;
import io.alp.engine.port.Judge;
import io.alp.engine.port.RunResult;
import io.alp.engine.port.Verdict;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One (candidate, case) evaluation: run the candidate, judge its output, and record both costs. A candidate that
 * failed to run, or whose output the judge could not score, gives an outcome with that error (not a judged
 * failure), and what was spent is still recorded.
 */
public final class CaseEvaluation {

    private CaseEvaluation() {
    }

    public static CompletionStage<Outcome> evaluate(CandidateRunner runner, Judge judge, String sourceRef, Case c) {
        return runner.run(sourceRef, c).thenCompose(result -> {
            if (result.failed()) {
                String error = "the agent failed to run: " + result.error();
                return CompletableFuture.completedFuture(outcome(c, result, new Verdict(false, error, 0, 1), error));
            }
            return judge.judge(c, result, 0).handle((v, failure) -> {
                if (failure == null) {
                    return outcome(c, result, v, null);
                }
                String error = "the judge failed: " + Failures.cause(failure).getMessage();
                return outcome(c, result, new Verdict(false, error, PaidFailure.costOf(failure), 1), error);
            });
        });
    }

    /** How a candidate's evaluation holds budget: bounded per case by the runner's cap and the judge's. */
    public static EvaluationAllowance allowance(CandidateRunner runner, Judge judge, String sourceRef) {
        return new EvaluationAllowance(runner.maxCostPerCaseUsd(sourceRef) + judge.maxCostPerCaseUsd());
    }

    private static Outcome outcome(Case c, RunResult r, Verdict v, String error) {
        return new Outcome(c.id(), v.pass(), v.reason(), r.output(), r.inputTokens(), r.outputTokens(),
                r.costUsd(), v.costUsd(), v.agreement(), error, r.stderrTail());
    }
}
