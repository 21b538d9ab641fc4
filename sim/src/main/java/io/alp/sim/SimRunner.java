package io.alp.sim;

import io.alp.engine.model.Case;
import io.alp.engine.port.CandidateRunner;
import io.alp.engine.port.RunResult;
import io.alp.sim.behaviour.CaseProfile;
import io.alp.sim.behaviour.TokenUsage;
import io.alp.sim.world.AgentSpec;

import java.util.concurrent.CompletionStage;

/** Runs a simulated agent on a simulated case: the ground-truth outcome, its tokens and dollars, after a latency. */
public final class SimRunner implements CandidateRunner {

    private final SimWorld world;
    private final Latency latency;

    public SimRunner(SimWorld world) {
        this.world = world;
        this.latency = new Latency(world.settings().latencyMs());
    }

    @Override
    public CompletionStage<RunResult> run(String sourceRef, Case c) {
        return latency.deliver(runNow(sourceRef, c));
    }

    RunResult runNow(String sourceRef, Case c) {
        AgentSpec spec;
        CaseProfile profile;
        try {
            spec = world.codec().parse(sourceRef);
            profile = CaseProfile.of(world.definition(), c);
        } catch (IllegalArgumentException e) {
            return new RunResult("", 0, 0, 0, "[simulated] " + e.getMessage());
        }
        String canonical = world.codec().format(spec);
        boolean solved = world.truth().solved(canonical, spec, profile);
        TokenUsage usage = world.model().usage(spec, profile);
        double cost = world.model().costUsd(spec.modelFor(profile.category()), usage);
        String category = world.definition().categories().get(profile.category()).name();
        return new RunResult(RunTranscript.of(canonical, c.id(), category, solved),
                usage.inputTokens(), usage.outputTokens(), cost, null);
    }

    /** Exact: the cost of the costliest possible case of any category under this source; 0 for a bad source. */
    @Override
    public double maxCostPerCaseUsd(String sourceRef) {
        try {
            return world.model().maxCostPerCaseUsd(world.codec().parse(sourceRef));
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}
