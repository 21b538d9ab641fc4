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
 * A noisy judge with known ground truth: each of k samples sees the true outcome flipped with the flip rate
 * (fixed per source, case and sample), the majority wins (a tie fails), and a failure reason names the case's
 * most important unmet need, or, with the vague rate, says only that the answer is wrong.
 */
public final class SimJudge implements Judge {

    private final SimWorld world;

    public SimJudge(SimWorld world) {
        this.world = world;
    }

    @Override
    public CompletionStage<Verdict> judge(Case c, RunResult result) {
        return CompletableFuture.completedFuture(verdict(c, result));
    }

    @Override
    public double maxCostPerCaseUsd() {
        return cost();
    }

    private double cost() {
        return world.definition().judge().costPerCase() * world.settings().judgeSamples();
    }

    Verdict verdict(Case c, RunResult result) {
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
        int samples = world.settings().judgeSamples();
        int passVotes = 0;
        for (int s = 0; s < samples; s++) {
            boolean flipped = StableRandom.uniform(world.settings().seed(), "judge-flip", source, c.id(),
                    Integer.toString(s)) < world.settings().flipRate();
            passVotes += truth != flipped ? 1 : 0;
        }
        boolean pass = 2 * passVotes > samples;
        double agreement = (double) (pass ? passVotes : samples - passVotes) / samples;
        return new Verdict(pass, pass ? FailureReason.PASS : failureReason(source, spec, profile), cost(), agreement);
    }

    private String failureReason(String source, AgentSpec spec, CaseProfile profile) {
        if (StableRandom.uniform(world.settings().seed(), "judge-vague", source, profile.id())
                < world.settings().vagueRate()) {
            return FailureReason.VAGUE;
        }
        return FailureReason.of(world.diagnosis().mainShortfall(spec, profile.category()));
    }
}
