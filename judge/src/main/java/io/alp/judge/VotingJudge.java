package io.alp.judge;

import io.alp.engine.llm.PaidFailure;
import io.alp.engine.model.Case;
import io.alp.engine.port.Failures;
import io.alp.engine.port.Judge;
import io.alp.engine.port.RunResult;
import io.alp.engine.port.Verdict;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A majority of up to {@code k} samples of another judge, spent adaptively: samples are drawn one at a time and
 * drawing stops as soon as one side holds a majority of {@code k}. Cases the judge agrees on cost
 * {@code (k + 1) / 2} samples; only uncertain ones pay for more. The verdict's agreement is the winning side's
 * share of the samples drawn, and its reason is the first reason given for the winning side.
 */
public final class VotingJudge implements Judge {

    private final Judge single;
    private final int k;

    private VotingJudge(Judge single, int k) {
        this.single = single;
        this.k = k;
    }

    /** {@code single} itself when {@code k} is 1; {@code k} must be odd so that a majority always exists. */
    public static Judge of(Judge single, int k) {
        if (k < 1 || k % 2 == 0) {
            throw new IllegalArgumentException("judge samples must be an odd number of at least 1, got " + k);
        }
        return k == 1 ? single : new VotingJudge(single, k);
    }

    @Override
    public CompletionStage<Verdict> judge(Case c, RunResult result, int sample) {
        return next(c, result, new Tally(k), 0);
    }

    private CompletionStage<Verdict> next(Case c, RunResult result, Tally tally, int sample) {
        return single.judge(c, result, sample).handle((v, failure) -> {
            if (failure != null) {
                if (sample == 0) {
                    return CompletableFuture.<Verdict>failedFuture(failure);
                }
                Throwable cause = Failures.cause(failure);
                return CompletableFuture.<Verdict>failedFuture(new PaidFailure("judge sample " + (sample + 1)
                        + " failed: " + cause.getMessage(), tally.costUsd + PaidFailure.costOf(failure), cause));
            }
            tally.add(v);
            return tally.decided() ? CompletableFuture.completedFuture(tally.verdict())
                    : next(c, result, tally, sample + 1);
        }).thenCompose(stage -> stage);
    }

    @Override
    public double maxCostPerCaseUsd() {
        return k * single.maxCostPerCaseUsd();
    }

    /** Votes so far on one case. */
    private static final class Tally {
        private final int majority;
        private int pass;
        private int fail;
        private double costUsd;
        private String passReason;
        private String failReason;

        Tally(int k) {
            this.majority = k / 2 + 1;
        }

        void add(Verdict v) {
            costUsd += v.costUsd();
            if (v.pass()) {
                pass++;
                passReason = passReason == null ? v.reason() : passReason;
            } else {
                fail++;
                failReason = failReason == null ? v.reason() : failReason;
            }
        }

        boolean decided() {
            return pass >= majority || fail >= majority;
        }

        Verdict verdict() {
            boolean passed = pass >= majority;
            return new Verdict(passed, passed ? passReason : failReason, costUsd,
                    (double) Math.max(pass, fail) / (pass + fail));
        }
    }
}
