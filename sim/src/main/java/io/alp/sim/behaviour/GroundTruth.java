package io.alp.sim.behaviour;

import io.alp.sim.world.AgentSpec;

/**
 * Whether a candidate actually solves a case: a Bernoulli draw from its pass probability, fixed by
 * hash(world seed, canonical source, case id), so re-running the same candidate on the same case agrees.
 */
public final class GroundTruth {

    private final OutcomeModel model;
    private final long seed;

    public GroundTruth(OutcomeModel model, long seed) {
        this.model = model;
        this.seed = seed;
    }

    public boolean solved(String canonicalSource, AgentSpec spec, CaseProfile c) {
        return StableRandom.uniform(seed, "outcome", canonicalSource, c.id()) < model.passProbability(spec, c);
    }
}
