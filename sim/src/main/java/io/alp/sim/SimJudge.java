package io.alp.sim;

import io.alp.engine.model.Case;
import io.alp.engine.port.Judge;
import io.alp.engine.port.RunResult;
import io.alp.engine.port.Verdict;
import io.alp.sim.behaviour.CaseProfile;
import io.alp.sim.behaviour.FailureReason;
import io.alp.sim.behaviour.StableRandom;
import io.alp.sim.world.AgentSpec;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A noisy judge with known ground truth: each sample sees the true outcome flipped with the flip rate (fixed per
 * source, case and sample), and a failure reason names the case's most important unmet need, or, with the vague
 * rate, says only that the answer is wrong. Voting over several samples is {@code io.alp.judge.VotingJudge}'s job.
 */
public final class SimJudge implements Judge {

    private final SimWorld world;

    public SimJudge(SimWorld world) {
        this.world = world;
    }

    @Override
    public CompletionStage<Verdict> judge(Case c, RunResult result, int sample) {
        return CompletableFuture.completedFuture(verdict(c, result, sample));
    }

    @Override
    public double maxCostPerCaseUsd() {
        return cost();
    }

    private double cost() {
        return world.definition().judge().costPerCase();
    }

    Verdict verdict(Case c, RunResult result, int sample) {
        if (result.failed()) {
            return new Verdict(false, FailureReason.PREFIX + "the agent did not finish: " + result.error(), cost(), 1.0);
        }
        Optional<String> sourceText = RunTranscript.source(result.output());
        AgentSpec spec;
        CaseProfile profile;
        try {
            spec = world.codec().parse(sourceText.orElseThrow(
                    () -> new IllegalArgumentException("the output is not a simulated agent transcript")));
            profile = CaseProfile.of(world.definition(), c);
        } catch (IllegalArgumentException e) {
            return new Verdict(false, FailureReason.PREFIX + "cannot judge: " + e.getMessage(), cost(), 1.0);
        }
        String source = world.codec().format(spec);
        boolean truth = world.truth().solved(source, spec, profile);
        boolean flipped = StableRandom.uniform(world.settings().seed(), "judge-flip", source, c.id(),
                Integer.toString(sample)) < world.settings().flipRate();
        boolean pass = truth != flipped;
        return new Verdict(pass, pass ? FailureReason.PASS : failureReason(source, spec, profile), cost(), 1.0);
    }

    private String failureReason(String source, AgentSpec spec, CaseProfile profile) {
        if (StableRandom.uniform(world.settings().seed(), "judge-vague", source, profile.id())
                < world.settings().vagueRate()) {
            return FailureReason.VAGUE;
        }
        return FailureReason.of(world.diagnosis().mainShortfall(spec, profile.category()));
    }
}
